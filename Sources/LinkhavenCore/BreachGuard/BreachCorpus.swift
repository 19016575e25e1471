import Foundation

/// The breach guard's test corpus: clean pseudonymised files, and copies with one kind of leaked
/// identifier seeded in varied formats, columns and positions. Built deterministically from a
/// pseudonymised synthetic partnership and kept on disk with an index of every seeded leak, so
/// the catch and false-alarm rates are measured on the same files each time.
public enum BreachCorpus {
    /// The index file's format tag.
    public static let currentFormat = "linkhaven-breach-corpus/1"

    /// One file of the corpus.
    public struct Entry: Codable, Sendable, Equatable {
        /// The file name, the dataset whose columns it has, and its data rows.
        public var file: String, dataset: String, rows: Int
        /// For seeded files: the leak's kind and format, the column and the first line it is on, and how many rows.
        public var kind: IdentifierKind?, leakFormat: String?, column: String?, line: Int?, leakedRows: Int?
    }

    /// The corpus index (`index.json`).
    public struct Index: Codable, Sendable, Equatable {
        public var format: String, seed: UInt64, entries: [Entry]
    }

    /// Formats of each kind of leak: (format name, make a value).
    static let leaks: [IdentifierKind: [(String, @Sendable (inout SynthRandom) -> String)]] = [
        .personName: [("Given Surname", { "\($0.pick(given)) \($0.pick(surnames))" }), ("SURNAME, Given", { "\($0.pick(surnames).uppercased()), \($0.pick(given))" }),
                      ("Title Given Surname", { "\($0.pick(["Mr", "Mrs", "Ms", "Miss", "Dr"])) \($0.pick(given)) \($0.pick(surnames))" }),
                      ("given surname", { "\($0.pick(given).lowercased()) \($0.pick(surnames).lowercased())" })],
        .nhsNumber: [("10 digits", { nhs(&$0, " ", grouped: false) }), ("3-3-4 spaced", { nhs(&$0, " ", grouped: true) }), ("3-3-4 hyphens", { nhs(&$0, "-", grouped: true) })],
        .niNumber: [("solid", { ni(&$0, spaced: false) }), ("spaced pairs", { ni(&$0, spaced: true) }), ("lower case", { ni(&$0, spaced: false).lowercased() })],
        .postcode: [("spaced", { postcode(&$0) }), ("solid", { postcode(&$0).replacingOccurrences(of: " ", with: "") }), ("lower case", { postcode(&$0).lowercased() })],
        .email: [("first.last@council", { "\($0.pick(given).lowercased()).\($0.pick(surnames).lowercased())@\($0.pick(["essex.gov.uk", "basildon.gov.uk", "example.org"]))" }),
                 ("initial+digits@mail", { "\($0.pick(given).prefix(1).lowercased())\($0.pick(surnames).lowercased())\($0.int(1...99))@\($0.pick(["gmail.com", "hotmail.co.uk"]))" })],
        .phone: [("mobile spaced", { "07\($0.int(100...999)) \($0.int(100_000...999_999))" }), ("+44 mobile", { "+44 7\($0.int(100...999)) \($0.int(100_000...999_999))" }),
                 ("(01268) landline", { "(01268) \($0.int(200_000...999_999))" }), ("landline solid", { "01268\($0.int(200_000...999_999))" })],
        .fullDate: [("dd/mm/yyyy", { date(&$0, "/", iso: false) }), ("yyyy-mm-dd", { date(&$0, "-", iso: true) }), ("dd.mm.yyyy", { date(&$0, ".", iso: false) }),
                    ("dd-mm-yyyy", { date(&$0, "-", iso: false) })],
        .streetAddress: [("number street", { "\($0.int(1...180)) \($0.pick(streets))" }), ("number street, town", { "\($0.int(1...180)) \($0.pick(streets)), \($0.pick(["Vange", "Pitsea", "Laindon"]))" }),
                         ("flat, number street", { "Flat \($0.int(1...9)), \($0.int(1...180)) \($0.pick(streets))" })],
        .freeText: [("case note", { $0.pick(notes) }), ("case note with date", { "\($0.pick(notes)) on \(date(&$0, "/", iso: false))" })],
        .malformedToken: [("truncated", { _ in "" }), ("plaintext", { $0.pick(surnames) }), ("identifier", { nhs(&$0, " ", grouped: false) })],
    ]

    static let given = ["Oliver", "Amelia", "Jack", "Olivia", "Harry", "Emily", "George", "Isla", "Charlie", "Ava", "Sarah", "David", "Mohammed", "Priya"]
    static let surnames = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Turner", "Okafor", "O'Brien"]
    static let streets = ["High Street", "Church Road", "Long Riding", "Station Road", "Victoria Avenue", "Mill Lane", "Park Close", "Green Way"]
    static let notes = ["Mum reported concerns about the children at home", "Police attended after a neighbour called about shouting in the flat",
                        "Referred to early help by the school nurse after repeated absence", "Father has been released and is living back at the address",
                        "Family moved in with grandmother after the eviction notice", "Child seen with bruising and referred to social care"]

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
        "\(r.pick(["SS16", "SS13", "SS14", "CM12", "CO1", "E1", "SW1A"])) \(r.int(1...9))\(r.pick(["AB", "PL", "HX", "RT", "NE"]))"
    }
    static func date(_ r: inout SynthRandom, _ sep: String, iso: Bool) -> String {
        let y = r.int(1940...2022), m = String(format: "%02d", r.int(1...12)), d = String(format: "%02d", r.int(1...28))
        return iso ? "\(y)\(sep)\(m)\(sep)\(d)" : "\(d)\(sep)\(m)\(sep)\(y)"
    }
}
