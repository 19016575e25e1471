import Foundation

/// Training that does not take families for matches. A session blocking on surname finds the pairs of one
/// family as readily as true matches, and they agree on where they live far more often than random pairs do:
/// with two classes (match, and non-match with u from random pairs), EM explains them as matches and learns
/// that matches often differ in given name — with no date of birth to tell them apart, half the links were
/// brothers and sisters. So a session whose rule fixes a comparison declared dependent on another
/// (`TrainingSpec.dependent`: surname and where they live) has a third class, *family*: pairs that agree on
/// what the rule fixes and, like matches, on its dependent partners, but otherwise like random pairs. Its
/// parameters are estimated alongside m; only m is kept.
extension ModelTrainer {
    /// The comparisons declared dependent on one in `fixed` (not fixed themselves): those a family class shares
    /// with matches in a session whose rule fixes `fixed`.
    static func partners(of fixed: Set<Int>, names: [String], dependent: [[String]]) -> Set<Int> {
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var out = Set<Int>()
        for p in dependent where p.count == 2 {
            guard let a = index[p[0]], let b = index[p[1]] else { continue }
            if fixed.contains(a) { out.insert(b) }
            if fixed.contains(b) { out.insert(a) }
        }
        return out.subtracting(fixed)
    }

    /// EM with three classes — match (m), family (like m at first on `partners`, estimated there, and u, fixed,
    /// elsewhere: a family is random pairs that happen to share an address) and random non-match (u, fixed) —
    /// updating m for the comparisons not in `fixed`; returns the match share.
    @discardableResult
    func emWithFamilies(_ model: inout FellegiSunterModel, sample: Sample, fixed: Set<Int>, partners: Set<Int>, iterations: Int) -> Double {
        let c = comparator.compiled.count, free = (0..<c).filter { !fixed.contains($0) }
        guard sample.count > 0 else { return 0 }
        var lambda = (match: 0.1, family: 0.05)
        var f = model.comparisons.enumerated().map { x, comparison in
            comparison.levels.map { partners.contains(x) ? $0.m : $0.u }
        }
        for _ in 0..<iterations {
            let logM = model.comparisons.map { $0.levels.map { log($0.m) } }, logU = model.comparisons.map { $0.levels.map { log($0.u) } }
            let logF = f.map { $0.map { log($0) } }
            var mCounts = model.comparisons.map { [Double](repeating: 0, count: $0.levels.count) }, fCounts = mCounts
            var sums = (match: 0.0, family: 0.0)
            for k in 0..<sample.count {
                var a = log(lambda.match), b = log(lambda.family), u = log(1 - lambda.match - lambda.family)
                for x in free {
                    let l = Int(sample.vectors[k * c + x])
                    if l >= 0 { a += logM[x][l]; b += logF[x][l]; u += logU[x][l] }
                }
                let top = max(a, b, u), ea = exp(a - top), eb = exp(b - top), total = ea + eb + exp(u - top)
                let pm = ea / total, pf = eb / total
                sums.match += pm; sums.family += pf
                for x in free {
                    let l = Int(sample.vectors[k * c + x])
                    if l >= 0 { mCounts[x][l] += pm; if partners.contains(x) { fCounts[x][l] += pf } }
                }
            }
            let n = Double(sample.count)
            let match = min(max(sums.match / n, 1e-6), 0.98)
            lambda = (match, min(max(sums.family / n, 1e-6), 0.99 - match))
            for x in free {
                let levels = mCounts[x].count
                let mt = mCounts[x].reduce(0, +), ft = fCounts[x].reduce(0, +)
                if mt > 0 { for l in 0..<levels { model.comparisons[x].levels[l].m = (mCounts[x][l] + 0.01) / (mt + 0.01 * Double(levels)) } }
                if ft > 0, partners.contains(x) { for l in 0..<levels { f[x][l] = (fCounts[x][l] + 0.01) / (ft + 0.01 * Double(levels)) } }
            }
        }
        return lambda.match
    }
}
