/// What each synthetic provider's attributes hold, written into the spec as the agreement's
/// description of them (`type`, and a code list where there is one), so the breach guard can
/// tell a value that does not belong.
extension SynthDataset {
    static let flag = (AttributeType.flag, Optional(["Y", "N"]))
    static let amount = (AttributeType.number, [String]?.none)
    static let risk = (AttributeType.category, Optional(["standard", "medium", "high"]))

    /// The attribute columns' profiles, by header.
    var attributeProfiles: [String: (AttributeType, [String]?)] {
        switch self {
        case .housing:
            ["council_tax_band": (.code, ["A", "B", "C", "D", "E", "F", "G", "H"]), "ctr_percent": Self.amount, "housing_benefit_weekly": Self.amount,
             "tenure": (.category, ["social rented", "private rented", "owner occupied"]), "household_arrears": Self.amount,
             "social_housing": Self.flag, "child_benefit": Self.flag, "child_tax_credits": Self.flag, "lone_parent_premium": Self.flag,
             "incapacity_benefit": Self.flag, "employment_income_weekly": Self.amount]
        case .socialCare:
            [:]
        case .schoolReadiness:
            ["school_district": (.category, SynthTown.districts.map(\.1)), "school_id": (.code, nil),
             "ethnicity": (.category, ["White British", "White Other", "Asian or Asian British", "Black or Black British", "Mixed", "Other"]),
             "free_school_meals": Self.flag, "school_ready": Self.flag,
             "communication_language": Self.amount, "physical_development": Self.amount, "personal_social_emotional": Self.amount,
             "literacy": Self.amount, "mathematics": Self.amount, "understanding_world": Self.amount, "expressive_arts": Self.amount]
        case .youthOffending:
            ["yos_address_flag": Self.flag, "offence_gravity": Self.amount,
             "offence_category": (.category, ["violence against the person", "theft and handling", "criminal damage", "drugs offences",
                                              "public order", "motoring"])]
        case .drugAlcohol:
            ["substance": (.category, ["alcohol", "opiate", "non-opiate", "alcohol and non-opiate"]), "in_treatment_12m": Self.flag,
             "successful_completion_12m": Self.flag, "referral_source": (.category, ["self", "GP", "criminal justice", "children's services", "hospital"]),
             "intervention_type": (.category, ["pharmacological", "psychosocial", "recovery support"])]
        case .police:
            ["role": (.category, ["offender", "victim", "present"]), "offender_flag": Self.flag, "present_at_household": Self.flag,
             "repeat_offender": Self.flag, "asb_address": Self.flag, "incident_at_address": Self.flag,
             "crime_group": (.category, ["violence", "theft", "burglary", "criminal damage", "drugs"]), "asb_drug_related": Self.flag,
             "asb_alcohol_related": Self.flag, "asb_child_present": Self.flag, "asb_risk": Self.risk, "dv_victim_address": Self.flag,
             "dv_drug_related": Self.flag, "dv_alcohol_related": Self.flag, "dv_child_present": Self.flag, "dv_risk": Self.risk,
             "dv_repeat_victim": Self.flag]
        }
    }
}
