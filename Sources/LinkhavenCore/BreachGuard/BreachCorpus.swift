import Foundation

/// The breach guard's test corpus: clean pseudonymised files of many spec shapes (free-text, code,
/// category and number columns beside the pseudonyms; code lists declared in some, learned from
/// the file in others), and copies with leaks seeded where real extracts have them: a whole
/// column, cells of a pseudonym column, 1 to 50 single cells of an attribute column, names and
/// numbers inside free text, and the header. Seeded names and streets come from a population the
/// guard's name lists were not built from (FEBRL's originals) as well as the synthetic town's, so
/// the catch rate is not the guard recognising its own lists. Built deterministically from a
/// pseudonymised synthetic partnership and kept on disk with an index of every seeded leak.
public enum BreachCorpus {
    /// The index file's format tag.
    public static let currentFormat = "linkhaven-breach-corpus/2"

    /// One file of the corpus.
    public struct Entry: Codable, Sendable, Equatable {
        /// The file name, the dataset whose columns it has, and its data rows.
        public var file: String, dataset: String, rows: Int
        /// The file's columns as its spec describes them (extra attributes included; profiles left out when `learned`).
        public var columns: [OutputColumn]
        /// `true` when the spec shape declares no type or code list, so the guard learns them from the file.
        public var learned: Bool
        /// For seeded files: where the leak is, what kind of identifier, its format, the column, the first line, and how many cells.
        public var placement: LeakPlacement?, kind: IdentifierKind?, leakFormat: String?, column: String?, line: Int?, cells: Int?
    }

    /// The corpus index (`index.json`).
    public struct Index: Codable, Sendable, Equatable {
        public var format: String, seed: UInt64, entries: [Entry]
    }

    /// Values with weights, picked in proportion.
    struct Weighted: Sendable {
        let values: [String], cumulative: [Int]
        init(_ pairs: [(String, Int)]) {
            values = pairs.map(\.0)
            var total = 0
            cumulative = pairs.map { total += max(1, $0.1); return total }
        }
        /// `value:count` items separated by spaces and newlines, `_` for a space inside a value.
        init(data: String) {
            self.init(data.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { item -> (String, Int)? in
                guard let colon = item.lastIndex(of: ":"), let n = Int(item[item.index(after: colon)...]) else { return nil }
                return (item[..<colon].replacingOccurrences(of: "_", with: " "), n)
            })
        }
        func pick(_ r: inout SynthRandom) -> String {
            let x = r.int(0...(cumulative.last! - 1))
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > x { hi = mid } else { lo = mid + 1 } }
            return values[lo]
        }
    }

    static let heldOutSurnames = Weighted(data: heldOutSurnamesData), heldOutGiven = Weighted(data: heldOutGivenNamesData)
    static let heldOutStreets = Weighted(data: heldOutStreetsData)
    static let townSurnames = Weighted(SynthNames.surnames)
    static let townGiven = Weighted(SynthNames.youngFemale + SynthNames.youngMale + SynthNames.adultFemale + SynthNames.adultMale)

    /// A surname: half from the held-out population, half from the synthetic town's; written as a provider's system might.
    static func surname(_ r: inout SynthRandom) -> String { cased(r.chance(0.5) ? heldOutSurnames.pick(&r) : townSurnames.pick(&r), &r) }
    static func given(_ r: inout SynthRandom) -> String { cased(r.chance(0.5) ? heldOutGiven.pick(&r) : townGiven.pick(&r), &r) }
    static func cased(_ name: String, _ r: inout SynthRandom) -> String {
        let title = name.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
        switch r.int(0...9) {
        case 0: return name.uppercased()
        case 1: return name.lowercased()
        default: return title
        }
    }
}
