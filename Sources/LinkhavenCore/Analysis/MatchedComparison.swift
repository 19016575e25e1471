import Foundation

/// A matched comparison, as the Justice Data Lab does: each person in the intervention group is
/// matched to the nearest person outside it on the propensity score (logistic regression of
/// membership on the covariates), one to one without replacement within a caliper, and the
/// outcome rates of the two matched groups are compared with a 95% confidence interval.
public struct MatchedComparison: Codable, Sendable, Equatable {
    public var treatedMatched: Int, controlsMatched: Int, treatedUnmatched: Int
    public var treatedOutcomes: Int, controlOutcomes: Int
    public var treatedRate: Double, controlRate: Double
    /// Treated rate − control rate, with its 95% interval.
    public var difference: Double, lower95: Double, upper95: Double
    public var pValue: Double
    /// Standardised mean difference of each covariate before and after matching (balance).
    public var balance: [Balance]
    public var caliper: Double

    public struct Balance: Codable, Sendable, Equatable { public var covariate: String; public var before: Double; public var after: Double }

    public static func run(treated: [Bool], outcome: [Bool], covariates x: [[Double]], names: [String], caliperSD: Double = 0.2) throws -> MatchedComparison {
        let n = treated.count
        guard outcome.count == n, x.count == n else { throw AnalysisError.badInput("treated, outcome and covariates must cover the same people") }
        let t = (0..<n).filter { treated[$0] }, c = (0..<n).filter { !treated[$0] }
        guard !t.isEmpty, c.count >= t.count else { throw AnalysisError.badInput("there must be at least as many possible controls as treated") }
        let model = try LogisticRegression.fit(outcome: "treated", y: treated, x: x, predictors: names)
        let score = x.map(model.logOdds)
        let mean = score.reduce(0, +) / Double(n)
        let sd = (score.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(1, n - 1))).squareRoot()
        let caliper = caliperSD * sd
        // Greedy nearest neighbour, hardest-to-match (highest score) first, each control used once.
        var pool = c.sorted { score[$0] < score[$1] }
        var pairs: [(Int, Int)] = []
        for i in t.sorted(by: { score[$0] > score[$1] }) {
            guard !pool.isEmpty else { break }
            var lo = 0, hi = pool.count
            while lo < hi { let mid = (lo + hi) / 2; if score[pool[mid]] < score[i] { lo = mid + 1 } else { hi = mid } }
            let candidates = [lo - 1, lo].filter { $0 >= 0 && $0 < pool.count }
            guard let best = candidates.min(by: { abs(score[pool[$0]] - score[i]) < abs(score[pool[$1]] - score[i]) }),
                  abs(score[pool[best]] - score[i]) <= caliper else { continue }
            pairs.append((i, pool.remove(at: best)))
        }
        guard !pairs.isEmpty else { throw AnalysisError.badInput("no one in the intervention group has a control within the caliper") }
        let m = pairs.count
        let yt = pairs.filter { outcome[$0.0] }.count, yc = pairs.filter { outcome[$0.1] }.count
        let p1 = Double(yt) / Double(m), p0 = Double(yc) / Double(m)
        let se = ((p1 * (1 - p1) + p0 * (1 - p0)) / Double(m)).squareRoot()
        let diff = p1 - p0
        let z = se > 0 ? diff / se : 0
        func smd(_ k: Int, _ a: [Int], _ b: [Int]) -> Double {
            func stats(_ s: [Int]) -> (Double, Double) {
                let v = s.map { x[$0][k] }, mu = v.reduce(0, +) / Double(max(1, v.count))
                return (mu, v.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(max(1, v.count - 1)))
            }
            let (ma, va) = stats(a), (mb, vb) = stats(b), pooled = ((va + vb) / 2).squareRoot()
            return pooled > 0 ? (ma - mb) / pooled : 0
        }
        let balance = names.indices.map { k in Balance(covariate: names[k], before: smd(k, t, c), after: smd(k, pairs.map(\.0), pairs.map(\.1))) }
        return MatchedComparison(treatedMatched: m, controlsMatched: m, treatedUnmatched: t.count - m, treatedOutcomes: yt, controlOutcomes: yc,
                                 treatedRate: p1, controlRate: p0, difference: diff, lower95: diff - 1.959964 * se, upper95: diff + 1.959964 * se,
                                 pValue: erfc(abs(z) / 2.0.squareRoot()), balance: balance, caliper: caliper)
    }
}
