import Foundation

/// Estimates a Fellegi–Sunter model without labels: u from random pairs (almost all non-matches),
/// m by expectation–maximisation on pairs from training blocking rules, and the prior among
/// candidate pairs. Each EM session estimates m only for the comparisons its rule does not fix
/// (a rule on date of birth says nothing about how often true matches agree on date of birth), and
/// training rules should not be dominated by one household (a rule on surname + postcode would
/// teach the model that siblings are matches).
public struct ModelTrainer {
    let comparator: Comparator
    let table: LinkageTable
    let linkType: BlockingIndex.LinkType

    /// Pairs sampled for EM.
    public struct Sample {
        public var vectors: [Int8]
        public var count: Int
    }

    func vectors(_ pairs: [(Int, Int)]) -> Sample {
        let c = comparator.compiled.count
        var v = [Int8](repeating: 0, count: pairs.count * c)
        var tmp = [Int8](repeating: 0, count: c)
        for (k, (i, j)) in pairs.enumerated() {
            comparator.vector(i, j, into: &tmp)
            for x in 0..<c { v[k * c + x] = tmp[x] }
        }
        return Sample(vectors: v, count: pairs.count)
    }

    /// u: level frequencies among `size` random pairs (with add-one smoothing).
    public func estimateU(into model: inout FellegiSunterModel, size: Int, seed: UInt64 = 1) {
        var r = SynthRandom(seed: seed, stream: 0x0005_A3F1)
        var pairs: [(Int, Int)] = []
        let n = table.count
        guard n >= 2 else { return }
        var attempts = 0
        while pairs.count < size, attempts < size * 20 {
            attempts += 1
            let i = Int(r.next() % UInt64(n)), j = Int(r.next() % UInt64(n))
            guard i != j else { continue }
            let same = table.datasetOf[i] == table.datasetOf[j]
            if linkType == .linkOnly && same || linkType == .dedupe && !same { continue }
            pairs.append((i, j))
        }
        let s = vectors(pairs)
        let c = comparator.compiled.count
        for x in 0..<c {
            let levels = model.comparisons[x].levels.count
            var counts = [Double](repeating: 1, count: levels)
            for k in 0..<s.count { let l = s.vectors[k * c + x]; if l >= 0 { counts[Int(l)] += 1 } }
            let total = counts.reduce(0, +)
            for l in 0..<levels { model.comparisons[x].levels[l].u = counts[l] / total }
        }
    }

    /// EM over `sample`, updating m for comparisons not in `fixed`; returns the sample's match share.
    @discardableResult
    public func em(_ model: inout FellegiSunterModel, sample: Sample, fixed: Set<Int>, iterations: Int) -> Double {
        let c = comparator.compiled.count
        var lambda = 0.1
        guard sample.count > 0 else { return 0 }
        for _ in 0..<iterations {
            let logM = model.comparisons.map { $0.levels.map { log($0.m) } }, logU = model.comparisons.map { $0.levels.map { log($0.u) } }
            var sumP = 0.0
            var mCounts = model.comparisons.map { [Double](repeating: 0, count: $0.levels.count) }
            var mTotals = [Double](repeating: 0, count: c)
            for k in 0..<sample.count {
                var lo = log(lambda / (1 - lambda))
                for x in 0..<c where !fixed.contains(x) {
                    let l = sample.vectors[k * c + x]
                    if l >= 0 { lo += logM[x][Int(l)] - logU[x][Int(l)] }
                }
                let p = 1 / (1 + exp(-lo))
                sumP += p
                for x in 0..<c where !fixed.contains(x) {
                    let l = sample.vectors[k * c + x]
                    if l >= 0 { mCounts[x][Int(l)] += p; mTotals[x] += p }
                }
            }
            lambda = min(max(sumP / Double(sample.count), 1e-6), 1 - 1e-6)
            for x in 0..<c where !fixed.contains(x) && mTotals[x] > 0 {
                let levels = mCounts[x].count
                for l in 0..<levels { model.comparisons[x].levels[l].m = (mCounts[x][l] + 0.01) / (mTotals[x] + 0.01 * Double(levels)) }
            }
        }
        return lambda
    }

    /// The prior among candidate pairs: EM on λ alone with m and u fixed.
    public func estimatePrior(_ model: inout FellegiSunterModel, sample: Sample, iterations: Int = 30) {
        let c = comparator.compiled.count
        let weights = model.comparisons.map { $0.levels.map { log($0.m / $0.u) } }
        var lambda = 0.1
        var evidence = [Double](repeating: 0, count: sample.count)
        for k in 0..<sample.count {
            for x in 0..<c { let l = sample.vectors[k * c + x]; if l >= 0 { evidence[k] += weights[x][Int(l)] } }
        }
        for _ in 0..<iterations {
            var sum = 0.0
            let prior = log(lambda / (1 - lambda))
            for e in evidence { sum += 1 / (1 + exp(-(prior + e))) }
            lambda = min(max(sum / Double(max(sample.count, 1)), 1e-9), 1 - 1e-9)
        }
        model.prior = lambda
    }

    /// P(two random records match): `agreeingPairs` on a strict rule, over all comparable pairs,
    /// scaled up by the rule's assumed recall.
    public func globalPrior(agreeingPairs: Int, recall: Double) -> Double {
        min(max(Double(agreeingPairs) / max(recall, 0.01) / Double(max(comparablePairs(), 1)), 1e-12), 0.5)
    }

    /// Every pair the link type compares.
    func comparablePairs() -> Int {
        var counts: [Int32: Int] = [:]
        for d in table.datasetOf { counts[d, default: 0] += 1 }
        return linkType.pairs(of: table.count, perDataset: counts.values)
    }

    /// Up to `limit` pairs of `index`'s rule `r`, sampled evenly.
    static func samplePairs(_ index: BlockingIndex, rule r: Int, limit: Int, excluding: BlockingIndex? = nil, independent: Bool = false) -> [(Int, Int)] {
        var total = 0
        index.forEachPair(rule: r, excluding: excluding, independent: independent) { _, _ in total += 1 }
        let step = max(1, total / max(limit, 1))
        var out: [(Int, Int)] = [], k = 0
        index.forEachPair(rule: r, excluding: excluding, independent: independent) { i, j in
            if k % step == 0 && out.count < limit { out.append((i, j)) }
            k += 1
        }
        return out
    }

    /// Which comparisons a rule's columns fix: those that read any of them.
    func fixedComparisons(_ columns: [String]) -> Set<Int> { Self.comparisons(comparator.specs, reading: columns) }

    /// The comparisons (indices into `specs`) that read any of `columns`.
    static func comparisons(_ specs: [ComparisonSpec], reading columns: [String]) -> Set<Int> {
        let cols = Set(columns)
        return Set(specs.enumerated().filter { _, s in
            !cols.isDisjoint(with: s.null + s.levels.flatMap { [$0.token, $0.parts, $0.clk].compactMap { $0 } })
        }.map(\.offset))
    }
}
