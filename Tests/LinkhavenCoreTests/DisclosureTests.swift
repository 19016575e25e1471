import Foundation
@testable import LinkhavenCore
import Testing

@Suite("Disclosure control of count tables")
struct DisclosureTests {
    let rules = DisclosureRules()

    func table(_ counts: [[Int]]) -> CountTable {
        CountTable(title: "t", rowVariable: "area", columnVariable: "outcome", rows: counts.indices.map { "r\($0)" },
                   columns: counts[0].indices.map { "c\($0)" }, counts: counts)
    }

    @Test func smallCountsAreSuppressedAndTheirLinesProtected() {
        let checked = DisclosureControl.protect(table([[3, 15, 22], [20, 30, 41], [18, 25, 12]]), rules: rules)
        #expect(checked.cells[0][0] == PublishedCell(value: nil, status: "threshold"))
        #expect(checked.findings.contains { $0.rule == "threshold" && $0.row == "r0" && $0.column == "c0" })
        // Its row and column each hold a second suppressed cell: no subtraction from a total gives it.
        #expect(checked.cells[0].filter { $0.value == nil }.count >= 2)
        #expect(checked.cells.map { $0[0] }.filter { $0.value == nil }.count >= 2)
        // Everything published is a multiple of 5 and none is a small count.
        for row in checked.cells { for c in row { if let v = c.value { #expect(v % 5 == 0 && (v == 0 || v >= 10)) } } }
    }

    @Test func aGroupAllInOneCategoryIsSuppressed() {
        let checked = DisclosureControl.protect(table([[0, 14], [25, 31], [40, 22]]), rules: rules)
        #expect(checked.cells[0][1].status == "group-disclosure")
        #expect(checked.findings.contains { $0.rule == "zero" } == false || checked.cells[0][0].value == nil)
    }

    @Test func exactPublicationKeepsValuesAndRulesCombineStrictly() {
        var exact = rules
        exact.roundingBase = 1
        let checked = DisclosureControl.protect(table([[12, 15], [20, 33]]), rules: exact)
        #expect(checked.cells.map { $0.map(\.value) } == [[12, 15, 27], [20, 33, 53], [32, 48, 80]])
        var provider = DisclosureRules()
        provider.minimumCount = 20; provider.dominanceK = 0.8; provider.roundingBase = 10
        let both = rules.stricter(provider)
        #expect(both.minimumCount == 20 && both.dominanceK == 0.8 && both.roundingBase == 10 && both.pRatio == 0.1)
        #expect(DisclosureRules().problems.isEmpty)
        var weak = DisclosureRules(); weak.minimumCount = 1
        #expect(!weak.problems.isEmpty)
    }

    /// An attacker with every published cell and total exact (no rounding) looks for another table
    /// with the same published values in which a suppressed cell differs. For every suppressed cell
    /// of every random table one must exist, or the attacker has recovered the cell.
    @Test func noSuppressedCellCanBeRecoveredFromTotalsOrDifferences() {
        var exact = rules
        exact.roundingBase = 1
        var rng = SplitMix(seed: 20261121)
        var attacked = 0
        for _ in 0..<300 {
            let R = Int(rng.next() % 3) + 2, C = Int(rng.next() % 3) + 2
            let counts = (0..<R).map { _ in (0..<C).map { _ in [0, 2, 5, 9, 12, 18, 25, 40][Int(rng.next() % 8)] } }
            let checked = DisclosureControl.protect(table(counts), rules: exact)
            let hidden = checked.suppressed
            guard !hidden.isEmpty, hidden.count <= 9 else { continue }
            attacked += 1
            let truth = table(counts).withMargins
            for (k, cell) in hidden.enumerated() {
                #expect(Self.alternativeExists(changing: k, hidden: hidden, truth: truth, R: R, C: C),
                        "cell \(cell) of \(counts) recovered; published \(checked.cells.map { $0.map(\.value) })")
            }
        }
        #expect(attacked > 100)
    }

    /// Is there a change `d` ∈ {−1, 0, 1} to the suppressed cells, non-zero at `k`, that keeps every
    /// row and column adding up to its total and every cell non-negative?
    static func alternativeExists(changing k: Int, hidden: [(Int, Int)], truth: [[Int]], R: Int, C: Int) -> Bool {
        var d = [Int](repeating: 0, count: hidden.count)
        func balanced() -> Bool {
            var grid = [[Int]](repeating: [Int](repeating: 0, count: C + 1), count: R + 1)
            for (i, h) in hidden.enumerated() { grid[h.0][h.1] = d[i] }
            for r in 0...R where (0..<C).reduce(0, { $0 + grid[r][$1] }) != grid[r][C] { return false }
            for c in 0...C where (0..<R).reduce(0, { $0 + grid[$1][c] }) != grid[R][c] { return false }
            return true
        }
        func search(_ i: Int) -> Bool {
            if i == hidden.count { return d[k] != 0 && balanced() }
            for step in [-1, 0, 1] {
                if i == k && step == 0 { continue }
                if truth[hidden[i].0][hidden[i].1] + step < 0 { continue }
                d[i] = step
                if search(i + 1) { return true }
            }
            d[i] = 0
            return false
        }
        return search(0)
    }
}

/// A small deterministic generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Disclosure control of magnitudes and models")
struct MagnitudeDisclosureTests {
    @Test func dominanceAndPRatioSuppressAndTheirLinesAreProtected() {
        let r = DisclosureRules()
        let many = Array(repeating: 100.0, count: 12)
        #expect(DisclosureControl.magnitudeFailure(many, rules: r) == nil)
        #expect(DisclosureControl.magnitudeFailure([10_000, 9_000] + Array(repeating: 10.0, count: 10), rules: r)?.0 == "dominance")
        // With (2, 0.9) dominance the 10% p-ratio is implied; under an agreement's (1, 0.6) it is not:
        // no one contributor holds 60%, yet the rest is under 10% of the largest.
        var single = r
        single.dominanceN = 1; single.dominanceK = 0.6
        #expect(DisclosureControl.magnitudeFailure([5_000, 4_000] + Array(repeating: 40.0, count: 10), rules: single)?.0 == "p-ratio")
        #expect(DisclosureControl.magnitudeFailure(Array(repeating: 5.0, count: 4), rules: r)?.0 == "threshold")
        let t = MagnitudeTable(title: "arrears", rowVariable: "area", columnVariable: "tenure", valueVariable: "arrears", rows: ["a", "b"],
                               columns: ["rent", "own", "other"],
                               contributions: [[many, [10_000, 9_000] + Array(repeating: 10.0, count: 10), many], [many, many, many]])
        let checked = DisclosureControl.protect(t, rules: r)
        #expect(checked.cells[0][1].status == "dominance")
        #expect(checked.cells[0].filter { $0.value == nil }.count >= 2 && checked.cells.map { $0[1] }.filter { $0.value == nil }.count >= 2)
        #expect(checked.cells[1][0].value == 1200)
    }
}

@Suite("Disclosure control across overlapping tables")
struct OverlapDisclosureTests {
    /// Two tables of one population by area (readiness, then sex) share their area totals. An attacker
    /// with both, every published figure exact, must still find another pair of tables consistent
    /// with everything published in which any chosen suppressed cell differs.
    @Test func sharedTotalsStayConsistentAndNoCellIsRecoveredFromBoth() {
        var exact = DisclosureRules()
        exact.roundingBase = 1
        var rng = SplitMix(seed: 99)
        var attacked = 0
        for _ in 0..<200 {
            let R = Int(rng.next() % 2) + 2
            let a = (0..<R).map { _ in (0..<2).map { _ in [0, 3, 8, 12, 20, 31][Int(rng.next() % 6)] } }
            // The same people by sex: each area's total split differently.
            let b = a.map { row -> [Int] in let total = row.reduce(0, +), k = total == 0 ? 0 : Int(rng.next() % UInt64(total + 1)); return [k, total - k] }
            let ta = CountTable(title: "a", rowVariable: "area", columnVariable: "ready", rows: (0..<R).map { "r\($0)" }, columns: ["N", "Y"], counts: a)
            let tb = CountTable(title: "b", rowVariable: "area", columnVariable: "sex", rows: (0..<R).map { "r\($0)" }, columns: ["F", "M"], counts: b)
            let ca = DisclosureControl.protect(ta, rules: exact)
            let cb = DisclosureControl.protect(tb, rules: exact, overlap: ca.shown)
            for r in 0...R { #expect((ca.cells[r][2].value == nil) == (cb.cells[r][2].value == nil) || ca.cells[r][2].value != nil, "a total hidden in one is hidden in the other") }
            // One unknown per cell of either table; the area totals and the grand total are shared.
            var index: [String: Int] = [:]
            func v(_ t: Int, _ r: Int, _ c: Int) -> String { c == 2 ? "T\(r)" : "\(t):\(r):\(c)" }
            let grids = [ta.withMargins, tb.withMargins], checked = [ca, cb]
            var truth: [Int] = [], hidden = Set<Int>()
            for t in 0..<2 { for r in 0...R { for c in 0...2 {
                let key = v(t, r, c)
                if index[key] == nil { index[key] = truth.count; truth.append(grids[t][r][c]) }
                if checked[t].cells[r][c].value == nil { hidden.insert(index[key]!) }
            } } }
            let lines: [[(Int, Int)]] = (0..<2).flatMap { t in
                (0...R).map { r in [(index[v(t, r, 0)]!, 1), (index[v(t, r, 1)]!, 1), (index[v(t, r, 2)]!, -1)] }
                    + (0...2).map { c in (0..<R).map { (index[v(t, $0, c)]!, 1) } + [(index[v(t, R, c)]!, -1)] }
            }
            let unknowns = hidden.sorted()
            guard !unknowns.isEmpty, unknowns.count <= 10 else { continue }
            attacked += 1
            for k in unknowns.indices {
                #expect(Self.alternative(k, unknowns, truth, lines), "recovered \(unknowns[k]) from \(a) and \(b)")
            }
        }
        #expect(attacked > 50)
    }

    static func alternative(_ k: Int, _ unknowns: [Int], _ truth: [Int], _ lines: [[(Int, Int)]]) -> Bool {
        var d = [Int](repeating: 0, count: truth.count)
        func balanced() -> Bool { lines.allSatisfy { line in line.reduce(0) { $0 + d[$1.0] * $1.1 } == 0 } }
        func search(_ i: Int) -> Bool {
            if i == unknowns.count { return d[unknowns[k]] != 0 && balanced() }
            for step in [-1, 0, 1] where !(i == k && step == 0) && truth[unknowns[i]] + step >= 0 {
                d[unknowns[i]] = step
                if search(i + 1) { return true }
            }
            d[unknowns[i]] = 0
            return false
        }
        return search(0)
    }
}
