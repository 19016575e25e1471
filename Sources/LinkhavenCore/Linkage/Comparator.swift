import Foundation

/// Comparisons compiled against a ``LinkageTable``: gives each pair its comparison vector (the
/// level of each comparison, −1 for null) and match weight, reading integers and CLK words only.
public final class Comparator: @unchecked Sendable {
    enum Test {
        case token([Int32])
        case parts([Int32], [Int32])
        case clk(LinkageTable.CLKColumn, Double)
    }
    enum Presence {
        case token([Int32])
        case parts([Int32])
        case clk([Int32])
        func present(_ i: Int) -> Bool {
            switch self {
            case .token(let c): c[i] != 0
            case .parts(let s): s[i + 1] > s[i]
            case .clk(let counts): counts[i] != 0
            }
        }
    }
    struct Compiled {
        var null: [Presence]
        var tests: [Test]
        var tfColumn: [Int32]?   // token column of the TF level (level 0 if tf)
        var tfLevel: Int?
    }

    let specs: [ComparisonSpec]
    let compiled: [Compiled]
    let table: LinkageTable
    /// Per comparison with TF: log2(u_level / tf(value)) by token id.
    var tfAdjustment: [[Float]?]
    /// The model's dependence corrections by comparison index: added when both are at their first level.
    var dependence: [(a: Int, b: Int, weight: Double)] = []

    /// Compiles `specs` against `table`, naming any column the table lacks.
    public init(specs: [ComparisonSpec], table: LinkageTable) throws {
        self.specs = specs
        self.table = table
        func presence(_ name: String) throws -> Presence {
            if let t = table.tokens[name] { return .token(t) }
            if let p = table.partColumns[name] { return .parts(p.start) }
            if let c = table.clks[name] { return .clk(c.counts) }
            throw LinkageError.badConfig("no dataset has the column '\(name)'")
        }
        compiled = try specs.map { s in
            var tfColumn: [Int32]? = nil, tfLevel: Int? = nil
            let tests: [Test] = try s.levels.enumerated().map { i, l in
                if let t = l.token {
                    guard let col = table.tokens[t] else { throw LinkageError.badConfig("no dataset has the token column '\(t)'") }
                    if l.tf == true { tfColumn = col; tfLevel = i }
                    return .token(col)
                }
                if let p = l.parts {
                    guard let col = table.partColumns[p] else { throw LinkageError.badConfig("no dataset has the parts column '\(p)'") }
                    return .parts(col.start, col.values)
                }
                if let c = l.clk, let d = l.dice {
                    guard let col = table.clks[c] else { throw LinkageError.badConfig("no dataset has the CLK column '\(c)'") }
                    return .clk(col, d)
                }
                throw LinkageError.badConfig("level '\(l.label)' of '\(s.name)' needs token, parts, or clk with dice")
            }
            return Compiled(null: try s.null.map(presence), tests: tests, tfColumn: tfColumn, tfLevel: tfLevel)
        }
        tfAdjustment = Array(repeating: nil, count: specs.count)
    }

    /// The level of comparison `c` for records `i` and `j`: −1 null, 0… for the levels, the last for else.
    @inline(__always)
    public func level(_ c: Int, _ i: Int, _ j: Int) -> Int8 {
        let comp = compiled[c]
        for p in comp.null where !p.present(i) || !p.present(j) { return -1 }
        for (l, t) in comp.tests.enumerated() {
            switch t {
            case .token(let col):
                let a = col[i]
                if a != 0 && a == col[j] { return Int8(l) }
            case .parts(let start, let values):
                var x = Int(start[i])
                while x < Int(start[i + 1]) {
                    var y = Int(start[j])
                    while y < Int(start[j + 1]) { if values[x] == values[y] { return Int8(l) }; y += 1 }
                    x += 1
                }
            case .clk(let col, let threshold):
                let ca = col.counts[i], cb = col.counts[j]
                if ca == 0 || cb == 0 { continue }
                if 2 * Double(min(ca, cb)) / Double(ca + cb) < threshold { continue }   // Dice can be no higher
                let n = col.wordsPerRecord
                let inter = col.words.withUnsafeBufferPointer { DiceKernel.intersection($0.baseAddress! + i * n, $0.baseAddress! + j * n, words: n) }
                if DiceKernel.dice(intersection: inter, ca, cb) >= threshold { return Int8(l) }
            }
        }
        return Int8(comp.tests.count)
    }

    /// Fills `vector` with the levels of every comparison.
    @inline(__always)
    public func vector(_ i: Int, _ j: Int, into vector: inout [Int8]) {
        for c in 0..<compiled.count { vector[c] = level(c, i, j) }
    }

    /// Prepares term-frequency adjustments for `model` (call after training or loading).
    public func prepare(_ model: FellegiSunterModel) {
        dependence = (model.dependences ?? []).compactMap { d in
            guard let a = specs.firstIndex(where: { $0.name == d.comparison }), let b = specs.firstIndex(where: { $0.name == d.with }) else { return nil }
            return (a, b, d.weight)
        }
        for (c, comp) in compiled.enumerated() {
            guard let col = comp.tfColumn, let l = comp.tfLevel else { continue }
            var counts: [Int32: Int] = [:]
            var total = 0
            for v in col where v != 0 { counts[v, default: 0] += 1; total += 1 }
            let maxID = Int(col.max() ?? 0)
            var adj = [Float](repeating: 0, count: maxID + 1)
            let u = model.comparisons[c].levels[l].u
            for (v, n) in counts { adj[Int(v)] = Float(log2(u / max(Double(n) / Double(total), 1e-9))) }
            tfAdjustment[c] = adj
        }
    }

    /// The total match weight of a pair with comparison vector `vector`.
    @inline(__always)
    public func weight(_ model: FellegiSunterModel, _ vector: [Int8], _ i: Int, _ j: Int, weights: [[Double]]) -> Double {
        var w = model.priorWeight
        for c in 0..<vector.count where vector[c] >= 0 {
            let l = Int(vector[c])
            w += weights[c][l]
            if let adj = tfAdjustment[c], compiled[c].tfLevel == l { w += Double(adj[Int(compiled[c].tfColumn![i])]) }
        }
        for d in dependence where vector[d.a] == 0 && vector[d.b] == 0 { w += d.weight }
        return w
    }

    /// The waterfall of one pair.
    public func explain(_ model: FellegiSunterModel, _ i: Int, _ j: Int) -> PairExplanation {
        var steps: [WeightStep] = []
        var total = model.priorWeight
        let levels = (0..<compiled.count).map { Int(level($0, i, j)) }
        for c in 0..<compiled.count {
            let l = levels[c]
            guard l >= 0 else { steps.append(WeightStep(comparison: specs[c].name, level: "null", weight: 0, tfAdjustment: 0)); continue }
            let lv = model.comparisons[c].levels[l]
            var tf = 0.0
            if let adj = tfAdjustment[c], compiled[c].tfLevel == l { tf = Double(adj[Int(compiled[c].tfColumn![i])]) }
            steps.append(WeightStep(comparison: specs[c].name, level: lv.label, weight: lv.weight + tf, tfAdjustment: tf))
            total += lv.weight + tf
        }
        // A dependence correction belongs to its comparison's step, so the waterfall still adds up.
        for d in dependence where levels[d.a] == 0 && levels[d.b] == 0 {
            steps[d.a].weight += d.weight
            total += d.weight
        }
        return PairExplanation(priorWeight: model.priorWeight, steps: steps, totalWeight: total,
                               probability: FellegiSunterModel.probability(weight: total))
    }
}
