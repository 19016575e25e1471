import Foundation

/// Blocking rules chosen by measuring them on the data: each candidate's pairs counted from its blocks, its
/// recall estimated from a sample of its pairs scored by the trained model (the probable matches every
/// candidate finds, each counted once however many rules find it), and rules added greedily — the one that
/// finds most of what the chosen ones miss — until the estimated recall stops rising or the pairs would be
/// too many to score.
extension LinkDesigner {
    /// A rule giving more pairs per record than this is not chosen, one giving more than `sampledPerRecord`
    /// is not even sampled, and the chosen rules together stay under `unionPerRecord`.
    static let admissiblePerRecord = 40.0, sampledPerRecord = 400.0, unionPerRecord = 100.0
    /// Pairs sampled per rule, the probability from which a sampled pair counts as a probable match, and the
    /// least gain in estimated recall worth another rule.
    static let samplePerRule = 20_000, probable = 0.5, minimumGain = 0.001

    /// One candidate rule as measured: its pairs counted from its blocks, and — unless it is too broad to
    /// consider — an even sample of them, drawn while its index is at hand, each standing for `weight` pairs.
    struct Candidate {
        var rule: [String], pairs: Int, oversize: Int
        var sample: [(Int, Int)]?, weight: Double
    }

    /// Candidate rules: every blocking key, each identifier token alone, and pairs of tokens from different
    /// comparisons where neither alone is narrow enough.
    func candidateRules(_ comparisons: [Designed], progress: (String) -> Void) throws -> [Candidate] {
        let n = Double(max(table.count, 1))
        var singles: [[String]] = blockingKeys.map { [$0.name] }
        var tokenOwner: [(column: String, comparison: Int)] = []
        for (c, d) in comparisons.enumerated() where !d.fields.allSatisfy({ f in fields.first { $0.name == f }?.kind == .sex }) {
            for l in d.spec.levels { if let t = l.token, table.tokens[t] != nil, !tokenOwner.contains(where: { $0.column == t }) { tokenOwner.append((t, c)) } }
        }
        singles += tokenOwner.map { [$0.column] }.filter { s in !singles.contains(s) }
        var measured: [Candidate] = []
        for rule in singles { measured.append(try measure(rule, progress: progress)) }
        let broad = Set(measured.filter { Double($0.pairs) > Self.admissiblePerRecord * n }.flatMap(\.rule))
        for a in 0..<tokenOwner.count {
            for b in (a + 1)..<tokenOwner.count where tokenOwner[a].comparison != tokenOwner[b].comparison
                && broad.contains(tokenOwner[a].column) && broad.contains(tokenOwner[b].column) {
                measured.append(try measure([tokenOwner[a].column, tokenOwner[b].column], progress: progress))
            }
        }
        return Array(measured.prefix(64))
    }

    func measure(_ rule: [String], progress: (String) -> Void) throws -> Candidate {
        progress("design: measuring \(rule.joined(separator: " & "))")
        let index = try BlockingIndex(table: table, rules: [rule], linkType: linkType)
        let pairs = index.pairCount(rule: 0)
        guard pairs > 0, Double(pairs) <= max(Self.sampledPerRecord * Double(max(table.count, 1)), 1_000_000) else {
            return Candidate(rule: rule, pairs: pairs, oversize: index.oversizeRecords(0), sample: nil, weight: 0)
        }
        let (sample, weight) = index.samplePairs(rule: 0, count: Self.samplePerRule)
        return Candidate(rule: rule, pairs: pairs, oversize: index.oversizeRecords(0), sample: sample, weight: weight)
    }

    /// Chooses blocking rules from `candidates` under the trained `model` (prepared on `comparator`).
    func chooseBlocking(_ candidates: [Candidate], comparator: Comparator, model: FellegiSunterModel) -> (chosen: [[String]], rules: [LinkDesign.Rule], recall: Double?) {
        let n = Double(max(table.count, 1))
        let sampled = candidates.indices.filter { candidates[$0].sample != nil }
        let columns = candidates.map { $0.rule.map { table.tokens[$0]! } }
        func agrees(_ r: Int, _ i: Int, _ j: Int) -> Bool { columns[r].allSatisfy { $0[i] != 0 && $0[i] == $0[j] } }
        // Probable matches in each sampled rule, each standing for `weight` pairs, shared among the rules finding it.
        var found: [(mask: UInt64, mass: Double)] = []
        let weights = model.comparisons.map { $0.levels.map(\.weight) }
        var vector = [Int8](repeating: 0, count: comparator.compiled.count)
        for r in sampled {
            let weight = candidates[r].weight
            for (i, j) in candidates[r].sample! {
                comparator.vector(i, j, into: &vector)
                let p = FellegiSunterModel.probability(weight: comparator.weight(model, vector, i, j, weights: weights))
                guard p >= Self.probable else { continue }
                var mask: UInt64 = 0
                for s in sampled where agrees(s, i, j) { mask |= 1 << UInt64(s) }
                mask |= 1 << UInt64(r)
                found.append((mask, p * weight / Double(mask.nonzeroBitCount)))
            }
        }
        let total = found.reduce(0) { $0 + $1.mass }
        func covered(_ mask: UInt64) -> Double { found.reduce(0) { $0 + ($1.mask & mask != 0 ? $1.mass : 0) } }
        var chosen: UInt64 = 0, order: [Int] = [], cumulative: [Int: Double] = [:], budget = 0
        while total > 0 {
            let options = sampled.filter { chosen & (1 << UInt64($0)) == 0 && Double(candidates[$0].pairs) <= Self.admissiblePerRecord * n + 10_000
                && Double(budget + candidates[$0].pairs) <= Self.unionPerRecord * n + 10_000 }
            let base = covered(chosen)
            let gains = options.map { (r: $0, gain: covered(chosen | 1 << UInt64($0)) - base) }
            guard let best = gains.map(\.gain).max(), best >= Self.minimumGain * total else { break }
            // Of the rules within 1% of the best gain, the one with fewest pairs.
            let pick = gains.filter { $0.gain >= best * 0.99 }.min { candidates[$0.r].pairs < candidates[$1.r].pairs }!.r
            chosen |= 1 << UInt64(pick)
            order.append(pick)
            budget += candidates[pick].pairs
            cumulative[pick] = (base + gains.first { $0.r == pick }!.gain) / total
        }
        if order.isEmpty, let fallback = candidates.indices.filter({ candidates[$0].pairs > 0 }).min(by: { candidates[$0].pairs < candidates[$1].pairs }) {
            order = [fallback]   // nothing probable was found: the narrowest rule, so the run still compares something
        }
        let rules = candidates.enumerated().map { r, c in
            let isSampled = sampled.contains(r), isChosen = order.contains(r)
            let recall = isSampled && total > 0 ? covered(1 << UInt64(r)) / total : nil
            let reason: String
            if isChosen { reason = "chosen \(order.firstIndex(of: r)! + 1) of \(order.count)" }
            else if c.pairs == 0 && c.oversize > 0 { reason = "every block is over \(BlockingIndex.defaultMaxBlock) records" }
            else if c.pairs == 0 { reason = "no pairs" }
            else if !isSampled { reason = "too broad to consider (\(Self.rate(Double(c.pairs) / n)) pairs per record)" }
            else if Double(c.pairs) > Self.admissiblePerRecord * n + 10_000 { reason = "too many pairs (over \(Int(Self.admissiblePerRecord)) per record)" }
            else { reason = "adds too little to the chosen rules" }
            return LinkDesign.Rule(columns: c.rule, pairs: c.pairs, pairsPerRecord: Double(c.pairs) / n, oversizeRecords: c.oversize,
                                   recall: recall, cumulativeRecall: cumulative[r], chosen: isChosen, reason: reason)
        }
        return (order.map { candidates[$0].rule }, rules, total > 0 ? covered(chosen) / total : nil)
    }

    static func rate(_ x: Double) -> String { x >= 10 ? String(format: "%.0f", x) : String(format: "%.1f", x) }
}
