/// The six provider datasets of the school readiness protocol (reference 002, section 2).
public enum SynthDataset: String, CaseIterable, Sendable, Codable {
    case housing, socialCare = "social_care", schoolReadiness = "school_readiness", youthOffending = "youth_offending"
    case drugAlcohol = "drug_alcohol", police

    /// The provider that holds it.
    public var provider: String {
        switch self {
        case .housing: "Basildon Borough Council"
        case .police: "Essex Police"
        default: "Essex County Council"
        }
    }

    /// Column headers, the record id first.
    public var header: [String] {
        switch self {
        case .housing:
            ["claim_ref", "claimant_forename", "claimant_surname", "claimant_dob", "address_line_1", "address_line_2", "town", "postcode",
             "council_tax_band", "ctr_percent", "housing_benefit_weekly", "tenure", "household_arrears", "social_housing", "child_benefit",
             "child_tax_credits", "lone_parent_premium", "incapacity_benefit", "employment_income_weekly"]
        case .socialCare:
            ["person_id", "forename", "surname", "date_of_birth", "sex", "main_address", "postcode", "start_date", "end_date"]
        case .schoolReadiness:
            ["upn", "forename", "surname", "dob", "gender", "address", "postcode", "school_district", "school_id", "ethnicity",
             "free_school_meals", "communication_language", "physical_development", "personal_social_emotional", "literacy",
             "mathematics", "understanding_world", "expressive_arts", "school_ready"]
        case .youthOffending:
            ["yos_id", "first_name", "last_name", "date_of_birth", "sex", "address", "postcode", "yos_address_flag", "offence_category",
             "offence_gravity"]
        case .drugAlcohol:
            ["client_id", "forename", "surname", "dob", "gender", "address", "postcode", "substance", "in_treatment_12m",
             "successful_completion_12m", "referral_source", "intervention_type"]
        case .police:
            ["nominal_id", "forename", "surname", "dob", "sex", "address", "postcode", "role", "offender_flag", "present_at_household",
             "repeat_offender", "asb_address", "incident_at_address", "crime_group", "asb_drug_related", "asb_alcohol_related",
             "asb_child_present", "asb_risk", "dv_victim_address", "dv_drug_related", "dv_alcohol_related", "dv_child_present",
             "dv_risk", "dv_repeat_victim"]
        }
    }

    /// The prefix and width of record ids.
    var idPrefix: String {
        switch self {
        case .housing: "HB"
        case .socialCare: "SC"
        case .schoolReadiness: "A8811"
        case .youthOffending: "YOS"
        case .drugAlcohol: "DAT"
        case .police: "PN"
        }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date as this provider's system exports it.
    func format(_ d: CalendarDate) -> String {
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        switch self {
        case .housing, .schoolReadiness: return "\(p2(d.day))/\(p2(d.month))/\(d.year)"
        case .socialCare: return d.description
        case .youthOffending: return "\(d.day)/\(d.month)/\(p2(d.year % 100))"
        case .drugAlcohol: return "\(d.year)\(p2(d.month))\(p2(d.day))"
        case .police: return "\(p2(d.day))-\(Self.months[d.month - 1])-\(d.year)"
        }
    }

    func format(sex: String?) -> String {
        guard let sex else { return "" }
        switch self {
        case .socialCare: return sex == "F" ? "Female" : "Male"
        case .drugAlcohol: return sex == "F" ? "2" : "1"
        case .police: return sex == "F" ? "FEMALE" : "MALE"
        default: return sex
        }
    }
}
