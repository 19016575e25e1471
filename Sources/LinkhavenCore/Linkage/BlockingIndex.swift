/// Candidate pairs from blocking rules. Each rule is a conjunction of token columns; records are
/// sorted by their key for the rule and pairs enumerated within each block. A pair already
/// produced by an earlier rule is skipped, so the union of rules needs no set of pairs.
public final class BlockingIndex: @unchecked Sendable {
    /// Which pairs count: across datasets, within datasets, or both.
    public enum LinkType: String, Sendable, Codable {
        case linkAndDedupe, linkOnly, dedupe

        /// The pairs this link type compares among `n` records, `perDataset` of them from each dataset (not needed
        /// for link-and-dedupe, which compares every pair).
        func pairs(of n: Int, perDataset: some Sequence<Int>) -> Int {
            let all = n * (n - 1) / 2
            if self == .linkAndDedupe { return all }
            let within = perDataset.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
            return self == .dedupe ? within : all - within
        }
    }
    struct Rule {
        var name: String
        var columns: [[Int32]]
        var order: [Int32]        // record indices sorted by key
        var runs: [Range<Int>]    // blocks (size ≥ 2) within `order`
        var oversizeRecords: Int
    }

    let table: LinkageTable
    let linkType: LinkType
    var rules: [Rule] = []
    /// The largest block enumerated; larger ones are skipped and reported.
    public let maxBlock: Int

    /// The largest block enumerated unless told otherwise.
    public static let defaultMaxBlock = 5_000

    /// Indexes `table` under `rules` (each a list of token column names).
    public init(table: LinkageTable, rules: [[String]], linkType: LinkType, maxBlock: Int = defaultMaxBlock) throws {
        self.table = table
        self.linkType = linkType
        self.maxBlock = maxBlock
        for names in rules {
            let cols = try names.map { n -> [Int32] in
                guard let c = table.tokens[n] else { throw LinkageError.badConfig("blocking column '\(n)' is not a token column of any dataset") }
                return c
            }
            var keyed: [(UInt64, Int32)] = []
            keyed.reserveCapacity(table.count)
            for i in 0..<table.count {
                var h: UInt64 = 0x9E37_79B9_7F4A_7C15
                var present = true
                for c in cols {
                    let v = c[i]
                    if v == 0 { present = false; break }
                    var x = h ^ UInt64(UInt32(bitPattern: v))
                    h = CLKEncoder.splitmix(&x)
                }
                if present { keyed.append((h, Int32(i))) }
            }
            keyed.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            var runs: [Range<Int>] = [], oversize = 0, start = 0
            for k in stride(from: 1, through: keyed.count, by: 1) where k == keyed.count || keyed[k].0 != keyed[start].0 {
                let size = k - start
                if size > maxBlock { oversize += size } else if size >= 2 { runs.append(start..<k) }
                start = k
            }
            // Blocks in order of their first record, not of their key's hash: a token's number depends on which other
            // columns were loaded, and the order pairs come in (which pairs training samples, the order sums are
            // taken in) must not.
            runs.sort { keyed[$0.lowerBound].1 < keyed[$1.lowerBound].1 }
            self.rules.append(Rule(name: names.joined(separator: " & "), columns: cols, order: keyed.map(\.1), runs: runs, oversizeRecords: oversize))
        }
    }

    /// The number of rules.
    public var ruleCount: Int { rules.count }
    /// A rule's name.
    public func ruleName(_ r: Int) -> String { rules[r].name }
    /// Records left out of a rule because their block was larger than ``maxBlock``.
    public func oversizeRecords(_ r: Int) -> Int { rules[r].oversizeRecords }

    /// The pairs rule `r` gives on its own (pairs of other rules included), counted from its blocks without
    /// enumerating them: what ``forEachPair(rule:part:of:excluding:independent:_:)`` with `independent` would give.
    public func pairCount(rule r: Int) -> Int {
        let rule = rules[r]
        var total = 0
        var perDataset: [Int32: Int] = [:]
        for run in rule.runs {
            perDataset.removeAll(keepingCapacity: true)
            if linkType != .linkAndDedupe { for x in run { perDataset[table.datasetOf[Int(rule.order[x])], default: 0] += 1 } }
            total += linkType.pairs(of: run.count, perDataset: perDataset.values)
        }
        return total
    }

    @inline(__always) func agree(_ r: Int, _ i: Int, _ j: Int) -> Bool {
        for c in rules[r].columns { let a = c[i]; if a == 0 || a != c[j] { return false } }
        return true
    }

    @inline(__always) func wanted(_ i: Int, _ j: Int) -> Bool {
        switch linkType {
        case .linkAndDedupe: true
        case .linkOnly: table.datasetOf[i] != table.datasetOf[j]
        case .dedupe: table.datasetOf[i] == table.datasetOf[j]
        }
    }

    /// Calls `body(i, j)` for each new pair of rule `r` in the blocks numbered `part` modulo `parts`,
    /// skipping pairs an earlier rule (or an `exclude` index's rule) produced — unless
    /// `independent`, when every pair of the rule is given (as training on each rule needs).
    public func forEachPair(rule r: Int, part: Int = 0, of parts: Int = 1, excluding exclude: BlockingIndex? = nil,
                            independent: Bool = false, _ body: (Int, Int) -> Void) {
        let rule = rules[r]
        var b = part
        while b < rule.runs.count {
            let run = rule.runs[b]
            for x in run {
                let i = Int(rule.order[x])
                for y in (x + 1)..<run.upperBound {
                    let j = Int(rule.order[y])
                    guard wanted(i, j) else { continue }
                    var seen = false
                    if !independent { for e in 0..<r where agree(e, i, j) { seen = true; break } }
                    if !seen, let exclude {
                        for e in 0..<exclude.rules.count where exclude.agree(e, i, j) { seen = true; break }
                    }
                    if !seen { body(min(i, j), max(i, j)) }
                }
            }
            b += parts
        }
    }
}
