import Foundation
import LinkhavenCore

/// Finds the synthetic partnership's raw identifiers in text: record ids, full names, dates of birth as each provider
/// writes them, address lines and full postcodes, compared as sequences of words (letters and digits, upper-cased), so
/// that `"Jones, AMY"` or `"SS14 3AB"` in any punctuation is found, and a timestamp or a word alone is not.
///
/// The synthetic town is the same for every test (seed 2016; household `h` depends only on the seed and `h`), so the
/// identifiers of `households` households cover every fixture of that size or smaller.
struct LeakScanner {
    /// What an identifier was, for a report that does not repeat it.
    enum Kind: String { case recordID = "record id", name = "full name", birthDate = "date of birth", address = "address line", postcode = "full postcode" }

    private var keys: [UInt64: (kind: Kind, words: Int)] = [:]
    private(set) var maxWords = 1
    var count: Int { keys.count }

    /// The identifiers of the first `households` households of the synthetic town, generated afresh in `scratch`.
    init(households: Int, scratch: String) throws {
        var o = SyntheticPartnership.Options(directory: scratch)
        o.households = households
        o.overwrite = true
        _ = try SyntheticPartnership.generate(o)
        let columns: [(Kind, [String])] = [
            (.name, ["forename", "first_name", "claimant_forename"]), (.birthDate, ["dob", "date_of_birth", "claimant_dob"]),
            (.address, ["address", "main_address", "address_line_1"]), (.postcode, ["postcode"]),
        ]
        for dataset in SynthDataset.allCases {
            let reader = try CSVReader(path: scratch + "/\(dataset.rawValue).csv")
            guard let header = try reader.next()?.fields else { continue }
            func index(_ names: [String]) -> Int? { header.firstIndex { names.contains($0) } }
            let surname = index(["surname", "last_name", "claimant_surname"])
            while let row = try reader.next()?.fields {
                add(row[0], .recordID)
                for (kind, names) in columns {
                    guard let i = index(names), i < row.count else { continue }
                    add(kind == .name ? row[i] + " " + (surname.map { row[$0] } ?? "") : row[i], kind)
                }
            }
        }
    }

    private mutating func add(_ value: String, _ kind: Kind) {
        let words = Self.words(Array(value.utf8))
        // Too short to be anything but a coincidence: one-word names, bare numbers.
        guard words.count >= (kind == .recordID ? 1 : 2), value.count >= 6 else { return }
        keys[Self.combine(words[...])] = (kind, words.count)
        maxWords = max(maxWords, words.count)
    }

    /// The first identifier in `line`, if any: its kind.
    func find(in line: [UInt8]) -> Kind? {
        let words = Self.words(line)
        for start in words.indices {
            for n in 1...maxWords where start + n <= words.count {
                if let hit = keys[Self.combine(words[start..<start + n])], hit.words == n { return hit.kind }
            }
        }
        return nil
    }

    /// Each word's hash (FNV-1a over its upper-cased bytes).
    private static func words(_ bytes: [UInt8]) -> [UInt64] {
        var out: [UInt64] = [], h: UInt64 = 0xcbf2_9ce4_8422_2325, inWord = false
        for b in bytes {
            let upper = (0x61...0x7A).contains(b) ? b - 0x20 : b
            if (0x30...0x39).contains(upper) || (0x41...0x5A).contains(upper) || b >= 0x80 {
                h = (h ^ UInt64(upper)) &* 0x100_0000_01b3; inWord = true
            } else if inWord {
                out.append(h); h = 0xcbf2_9ce4_8422_2325; inWord = false
            }
        }
        if inWord { out.append(h) }
        return out
    }

    private static func combine(_ words: ArraySlice<UInt64>) -> UInt64 {
        words.reduce(0x9E37_79B9_7F4A_7C15) { ($0 ^ $1) &* 0xBF58_476D_1CE4_E5B9 &+ 0x94D0_49BB_1331_11EB }
    }
}
