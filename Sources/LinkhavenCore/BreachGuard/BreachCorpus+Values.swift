import Foundation

/// The values seeded into the corpus and the extra columns that give its files many shapes.
extension BreachCorpus {
    /// Formats of each kind of identifier: (format name, make a value).
    static let formats: [IdentifierKind: [(String, @Sendable (inout SynthRandom) -> String)]] = [
        .personName: [("surname alone", { surname(&$0) }), ("forename alone", { given(&$0) }), ("Forename Surname", { "\(given(&$0)) \(surname(&$0))" }),
                      ("SURNAME, Forename", { "\(surname(&$0).uppercased()), \(given(&$0))" }),
                      ("Title Surname", { "\($0.pick(["Mr", "Mrs", "Ms", "Miss", "Dr"])) \(surname(&$0))" })],
        .nhsNumber: [("10 digits", { nhs(&$0, " ", grouped: false) }), ("3 3 4 spaced", { nhs(&$0, " ", grouped: true) }), ("3-3-4", { nhs(&$0, "-", grouped: true) })],
        .niNumber: [("solid", { ni(&$0, spaced: false) }), ("spaced pairs", { ni(&$0, spaced: true) }), ("lower case", { ni(&$0, spaced: false).lowercased() })],
        .postcode: [("spaced", { postcode(&$0) }), ("solid", { postcode(&$0).replacingOccurrences(of: " ", with: "") }), ("lower case", { postcode(&$0).lowercased() })],
        .email: [("first.last@council", { "\(given(&$0).lowercased()).\(surname(&$0).lowercased().replacingOccurrences(of: " ", with: ""))@\($0.pick(["essex.gov.uk", "basildon.gov.uk", "example.org"]))" }),
                 ("initial+digits@mail", { "\(given(&$0).prefix(1).lowercased())\(surname(&$0).lowercased().replacingOccurrences(of: " ", with: ""))\($0.int(1...99))@\($0.pick(["gmail.com", "hotmail.co.uk"]))" })],
        .phone: [("mobile spaced", { "07\($0.int(100...999)) \($0.int(100_000...999_999))" }), ("+44 mobile", { "+44 7\($0.int(100...999)) \($0.int(100_000...999_999))" }),
                 ("(01268) landline", { "(01268) \($0.int(200_000...999_999))" }), ("landline solid", { "01268\($0.int(200_000...999_999))" })],
        .fullDate: [("dd/mm/yyyy", { date(&$0, "/", iso: false) }), ("yyyy-mm-dd", { date(&$0, "-", iso: true) }), ("dd.mm.yyyy", { date(&$0, ".", iso: false) }),
                    ("dd-mm-yyyy", { date(&$0, "-", iso: false) })],
        .streetAddress: [("number street", { "\($0.int(1...180)) \(street(&$0))" }), ("number street, town", { "\($0.int(1...180)) \(street(&$0)), \($0.pick(["Vange", "Pitsea", "Laindon"]))" }),
                         ("flat, number street", { "Flat \($0.int(1...9)), \($0.int(1...180)) \(street(&$0))" })],
    ]

    /// Free text with an identifier inside: (format name, kind, make).
    static let inText: [(String, IdentifierKind, @Sendable (inout SynthRandom) -> String)] = [
        ("forename called", .personName, { "\(given(&$0)) (mum) called about the children" }),
        ("seen with full name", .personName, { "seen at school with \(given(&$0)) \(surname(&$0))" }),
        ("title surname visited", .personName, { "\($0.pick(["Mr", "Mrs", "Ms"])) \(surname(&$0)) visited the family" }),
        ("lives at address", .streetAddress, { "family now lives at \($0.int(1...180)) \(street(&$0))" }),
        ("dob in note", .fullDate, { "child's DOB \(date(&$0, "/", iso: false)) confirmed" }),
        ("phone in note", .phone, { "call mum on 07\($0.int(100...999)) \($0.int(100_000...999_999))" }),
        ("nhs number in note", .nhsNumber, { "NHS no \(nhs(&$0, " ", grouped: true)) checked" }),
        ("postcode in note", .postcode, { "moved to \(postcode(&$0)) last month" }),
        ("email in note", .email, { "school emailed \(given(&$0).lowercased())@example.org" }),
    ]

    /// Notes that legitimately fill a free-text column: words, places and services, no one's name.
    static let notes = [
        "attended all sessions", "did not attend; rebooked for next week", "Referred by GP to Early Help", "school reports improved attendance",
        "family engaged well with the worker", "moved to temporary accommodation in Basildon", "CAMHS assessment requested",
        "no further action", "case closed after review", "Seen at Basildon Hospital A&E after a fall", "support plan agreed with Mum",
        "awaiting NHS appointment", "Housing officer visited the property", "placed with foster carers", "Child Protection plan ended",
        "MASH referral from Essex Police", "education welfare officer involved", "TAF meeting held at school", "Mum attended the parenting course",
        "referred to the Southend food bank", "Dad back in contact since March", "Youth worker met the young person twice",
        "transport to Pitsea children's centre arranged", "language support requested (Polish)", "review due in 3 months",
        // Relationships beside words, as notes write them, that name no one.
        "spoke to Mum (by phone) about school", "Dad's partner attended the review", "Nan (maternal) caring for the children",
        "Mum's partner (not known to services) present", "Grace period on rent arrears agreed", "Foster carer (respite) in place",
    ]
    static let teams = ["Early Help", "Children's Services", "Youth Justice", "Family Support", "Adult Social Care", "Leaving Care"]
    static let outcomes = ["improved", "no change", "worse", "closed", "transferred"]

    /// Extra attribute columns a spec may add: (column, make a value).
    static let extras: [(OutputColumn, @Sendable (inout SynthRandom) -> String)] = [
        (OutputColumn(name: "notes", kind: .attribute, type: .text), { $0.chance(0.15) ? "" : $0.pick(notes) }),
        (OutputColumn(name: "team", kind: .attribute, type: .category), { $0.pick(teams) }),
        (OutputColumn(name: "outcome", kind: .attribute, type: .category, values: outcomes), { $0.pick(outcomes) }),
        (OutputColumn(name: "diagnosis_code", kind: .attribute, type: .code),
         { "\($0.pick(["F32", "F41", "Z63", "T74", "R45", "F90"])).\($0.int(0...9))" }),
        (OutputColumn(name: "score", kind: .attribute, type: .number), { String($0.int(0...40)) }),
        (OutputColumn(name: "referral_month", kind: .attribute, type: .date), { "20\($0.int(20...26))-\(String(format: "%02d", $0.int(1...12)))" }),
    ]

    static func street(_ r: inout SynthRandom) -> String {
        if r.chance(0.5) { return cased(heldOutStreets.pick(&r), &r) }
        return "\(r.pick(SynthTown.stems)) \(r.pick(SynthTown.types))"
    }
    static func nhs(_ r: inout SynthRandom, _ sep: String, grouped: Bool) -> String {
        while true {
            let d = (0..<9).map { _ in r.int(0...9) }
            guard Set(d).count > 1, let check = (0...9).first(where: { NHSNumberNormaliser.passesCheck(d + [$0]) }) else { continue }
            let s = (d + [check]).map(String.init).joined()
            return grouped ? "\(s.prefix(3))\(sep)\(s.dropFirst(3).prefix(3))\(sep)\(s.suffix(4))" : s
        }
    }
    static func ni(_ r: inout SynthRandom, spaced: Bool) -> String {
        let p = r.pick(["AB", "JK", "NP", "SR", "WT", "HL", "CE"]), d = (0..<3).map { _ in String(format: "%02d", r.int(0...99)) }, s = r.pick(["A", "B", "C", "D"])
        return spaced ? "\(p) \(d.joined(separator: " ")) \(s)" : p + d.joined() + s
    }
    static func postcode(_ r: inout SynthRandom) -> String {
        "\(r.pick(["SS16", "SS13", "SS14", "CM12", "CO1", "E1", "SW1A", "M1", "B33", "LS6"])) \(r.int(1...9))\(r.pick(["AB", "PL", "HX", "RT", "NE", "DW"]))"
    }
    static func date(_ r: inout SynthRandom, _ sep: String, iso: Bool) -> String {
        let y = r.int(1940...2022), m = String(format: "%02d", r.int(1...12)), d = String(format: "%02d", r.int(1...28))
        return iso ? "\(y)\(sep)\(m)\(sep)\(d)" : "\(d)\(sep)\(m)\(sep)\(y)"
    }
}
