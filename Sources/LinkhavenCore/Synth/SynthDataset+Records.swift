/// One provider record before its id is assigned, with the truth behind it.
struct SynthRecord: Sendable {
    var dataset: SynthDataset
    var fields: [String]          // without the record id
    var personID: Int, householdID: Int, addressID: Int
}

extension SynthDataset {
    /// Who this provider holds from household `h`, as (person index, role) pairs.
    func subjects(_ h: SynthHousehold, _ r: inout SynthRandom) -> [(Int, String)] {
        switch self {
        case .housing:
            return h.claimsBenefits || h.arrears ? [(0, "claimant")] : []
        case .socialCare: return h.socialCare.map { ($0, "") }
        case .schoolReadiness: return h.schoolReady.keys.sorted().filter { _ in r.chance(0.96) }.map { ($0, "") }
        case .youthOffending: return h.youthOffenders.map { ($0, "") }
        case .drugAlcohol: return h.inTreatment.map { ($0, "") }
        case .police:
            var s = h.offenders.map { ($0, "offender") }
            if h.domesticAbuse, let victim = h.people.indices.first(where: { !h.people[$0].isChild && !h.offenders.contains($0) }) {
                s.append((victim, "victim"))
            }
            if s.isEmpty, r.chance(logistic(-3.5 + 0.8 * h.deprivation)) { s.append((0, "present")) }   // ASB at the address
            return s
        }
    }

    /// The records this provider holds for household `h` (with duplicates, per the profile).
    func records(_ h: SynthHousehold, corruptor c: SynthCorruptor, _ r: inout SynthRandom) -> [SynthRecord] {
        var out: [SynthRecord] = []
        for (i, role) in subjects(h, &r) {
            let copies = r.chance(c.profile.duplicate) ? 2 : 1
            for _ in 0..<copies {
                let id = c.identity(h.people[i], in: h, &r)
                out.append(SynthRecord(dataset: self, fields: fields(h, i, role, id, c.profile, &r), personID: h.people[i].id,
                                       householdID: h.id, addressID: id.address.id))
            }
        }
        return out
    }

    func yn(_ b: Bool) -> String { b ? "Y" : "N" }

    func fields(_ h: SynthHousehold, _ i: Int, _ role: String, _ id: SynthCorruptor.Identity, _ p: CorruptionProfile,
                _ r: inout SynthRandom) -> [String] {
        let dob = id.dobText ?? id.dob.map(format) ?? ""
        let parts = SynthAddressFormat.parts(id.address, variant: p.addressVariant, &r)
        let postcode = r.chance(p.postcodeMissing) ? "" : parts.postcode
        let free = SynthAddressFormat.freeText(parts, withPostcode: false, upper: self == .police)
        let z = h.deprivation
        let hasChildren = h.people.contains(where: \.isChild)
        switch self {
        case .housing:
            let band = ["A", "B", "C", "D", "E", "F"][max(0, min(5, Int(2.5 - z * 1.2 + r.normal() * 0.7)))]
            let hb = h.claimsBenefits ? money(60 + 90 * max(0, z + 1) + r.normal() * 10) : "0.00"
            let arrears = h.arrears ? money(max(25, 300 * logistic(z) * (1 + r.unit()) * 2)) : "0.00"
            let tenure = z > 0.4 ? "social rented" : (z > -0.4 ? "private rented" : "owner occupied")
            let lone = h.people.filter { !$0.isChild }.count == 1 && hasChildren
            return [id.given, id.surname, dob, parts.line1, parts.locality, parts.town, postcode, band,
                    h.claimsBenefits ? ["25", "50", "100"][r.int(0...2)] : "0", hb, tenure, arrears, yn(tenure == "social rented"),
                    yn(hasChildren), yn(hasChildren && h.claimsBenefits), yn(lone && h.claimsBenefits), yn(r.chance(logistic(-3 + z))),
                    h.claimsBenefits && r.chance(0.5) ? "0.00" : money(250 + 200 * max(0, 1 - z) + r.normal() * 40)]
        case .socialCare:
            let start = CalendarDate(daysSinceEpoch: SynthHousehold.referenceDate.daysSinceEpoch - r.int(30...1100))
            let ended = r.chance(0.6)
            let end = CalendarDate(daysSinceEpoch: min(start.daysSinceEpoch + r.int(60...700), SynthHousehold.referenceDate.daysSinceEpoch))
            return [id.given, id.surname, dob, format(sex: id.sex), free, postcode, format(start), ended ? format(end) : ""]
        case .schoolReadiness:
            let ready = h.schoolReady[i] ?? true
            let scores = (0..<7).map { _ in ready ? (r.chance(0.25) ? "3" : "2") : (r.chance(0.55) ? "1" : "2") }
            let ethnicity = ["White British", "White British", "White British", "White British", "White Other", "Asian or Asian British",
                             "Black or Black British", "Mixed", "Other"][r.int(0...8)]
            return [id.given, id.surname, dob, format(sex: id.sex), free, postcode, id.address.locality, "SCH\(880 + id.address.id / 1200 % 20)",
                    ethnicity, yn(h.freeSchoolMeals)] + scores + [yn(ready)]
        case .youthOffending:
            let cat = ["violence against the person", "theft and handling", "criminal damage", "drugs offences", "public order", "motoring"][r.int(0...5)]
            return [id.given, id.surname, dob, format(sex: id.sex), free, postcode, "Y", cat, String(r.int(1...6))]
        case .drugAlcohol:
            let substance = ["alcohol", "opiate", "non-opiate", "alcohol and non-opiate"][r.int(0...3)]
            return [id.given, id.surname, dob, format(sex: id.sex), free, postcode, substance, "Y", yn(r.chance(0.45)),
                    ["self", "GP", "criminal justice", "children's services", "hospital"][r.int(0...4)],
                    ["pharmacological", "psychosocial", "recovery support"][r.int(0...2)]]
        case .police:
            let da = h.domesticAbuse, asb = role == "present" || r.chance(0.3)
            let drug = !h.inTreatment.isEmpty && r.chance(0.6)
            return [id.given, id.surname, dob, format(sex: id.sex), free, postcode, role, yn(role == "offender"), "Y",
                    yn(role == "offender" && r.chance(0.35)), yn(asb), yn(true),
                    role == "offender" ? ["violence", "theft", "burglary", "criminal damage", "drugs"][r.int(0...4)] : "",
                    yn(asb && drug), yn(asb && r.chance(0.4)), yn(asb && hasChildren), asb ? ["standard", "medium", "high"][r.int(0...2)] : "",
                    yn(da), yn(da && drug), yn(da && r.chance(0.5)), yn(da && hasChildren), da ? ["standard", "medium", "high"][r.int(0...2)] : "",
                    yn(da && r.chance(0.4))]
        }
    }
}

/// A money amount with two decimals.
func money(_ value: Double) -> String {
    let pence = Int((Swift.max(0, value) * 100).rounded())
    let p = pence % 100
    return "\(pence / 100).\(p < 10 ? "0" : "")\(p)"
}
