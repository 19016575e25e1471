import Foundation

/// Training as a linkage config asks for it: the same steps whether a run trains its own model or the
/// designer trains one while choosing the design (so a written config reproduces the designed run).
extension ModelTrainer {
    /// u from random pairs, then m by EM on each of the config's training rules; each session estimates the
    /// comparisons its rule does not fix (those reading its columns, and those `emFixed` names), and the
    /// estimates are averaged across sessions.
    public func trainMatchProbabilities(_ model: inout FellegiSunterModel, config: LinkConfig, progress: (String) -> Void = { _ in }) throws {
        progress("training: u from random pairs")
        estimateU(into: &model, size: config.training?.uSampleSize ?? 1_000_000)
        let emRules = config.training?.emBlocking ?? []
        let extraFixed = config.training?.emFixed ?? []
        let emIndex = try BlockingIndex(table: table, rules: emRules, linkType: linkType)
        var estimates = model.comparisons.map { $0.levels.map { _ in [Double]() } }
        for r in 0..<emRules.count {
            progress("training: EM on \(emRules[r].joined(separator: " & "))")
            var session = model
            let sample = vectors(Self.samplePairs(emIndex, rule: r, limit: 200_000, independent: true))
            let names = r < extraFixed.count ? Set(extraFixed[r]) : []
            let fixed = fixedComparisons(emRules[r]).union(comparator.specs.indices.filter { names.contains(comparator.specs[$0].name) })
            let partners = config.training?.families == true
                ? Self.partners(of: fixed, names: comparator.specs.map(\.name), dependent: config.training?.dependent ?? []) : []
            if partners.isEmpty {
                em(&session, sample: sample, fixed: fixed, iterations: config.training?.iterations ?? 25)
            } else {
                emWithFamilies(&session, sample: sample, fixed: fixed, partners: partners, iterations: config.training?.iterations ?? 25)
            }
            for c in 0..<model.comparisons.count where !fixed.contains(c) {
                for l in 0..<model.comparisons[c].levels.count { estimates[c][l].append(session.comparisons[c].levels[l].m) }
            }
        }
        for c in 0..<model.comparisons.count where !estimates[c][0].isEmpty {
            for l in 0..<model.comparisons[c].levels.count { model.comparisons[c].levels[l].m = estimates[c][l].reduce(0, +) / Double(estimates[c][l].count) }
        }
    }

    /// The prior: from the config's strict `priorRule` and `priorRecall` when it has one (returning the pairs
    /// agreeing on the rule), else by EM among samples of the candidate pairs (those no deterministic pass links).
    @discardableResult
    public func trainPrior(_ model: inout FellegiSunterModel, config: LinkConfig, blocking: BlockingIndex, passes: BlockingIndex,
                           progress: (String) -> Void = { _ in }) throws -> Int? {
        progress("training: prior")
        if let rule = config.training?.priorRule {
            let agreeing = try agreeingPairs(rule)
            model.prior = globalPrior(agreeingPairs: agreeing, recall: config.training?.priorRecall ?? 0.6)
            return agreeing
        }
        var sample: [(Int, Int)] = []
        for r in 0..<blocking.ruleCount { sample += Self.samplePairs(blocking, rule: r, limit: 100_000, excluding: passes) }
        estimatePrior(&model, sample: vectors(sample))
        return nil
    }

    /// Corrections for the config's dependent comparisons (after the prior: it says how many matches to expect).
    public func trainDependences(_ model: inout FellegiSunterModel, config: LinkConfig, progress: (String) -> Void = { _ in }) throws {
        let pairs = config.training?.dependent ?? []
        guard !pairs.isEmpty else { model.dependences = nil; return }
        progress("training: dependent evidence")
        let total = Double(comparablePairs()), matches = model.prior * total
        model.dependences = try pairs.map { names in
            let a = comparator.specs.firstIndex { $0.name == names[0] }!, b = comparator.specs.firstIndex { $0.name == names[1] }!
            let ta = comparator.specs[a].levels[0].token!, tb = comparator.specs[b].levels[0].token!
            let both = Double(try agreeingPairs([ta, tb]))
            let pa = table.presence(of: ta), pb = table.presence(of: tb)
            let ma = model.comparisons[a].levels[0].m, mb = model.comparisons[b].levels[0].m
            let ua = model.comparisons[a].levels[0].u, ub = model.comparisons[b].levels[0].u
            // Non-matches agreeing on both, over the non-matches that have both values.
            let nonMatches = both - matches * pa * pa * pb * pb * ma * mb
            // Where the agreeing pairs are nearly all matches, their difference from the expected matches is noise in
            // the estimates of m and the prior, not families: no correction.
            guard nonMatches >= 0.25 * both, nonMatches >= 10 else { return FellegiSunterModel.Dependence(comparison: names[0], with: names[1], weight: 0) }
            let uBoth = nonMatches / max((total - matches) * pa * pa * pb * pb, 1)
            return FellegiSunterModel.Dependence(comparison: names[0], with: names[1], weight: min(0, log2(ua * ub / uBoth)))
        }
    }

    /// How many comparable pairs agree exactly on every column of `rule`, however large their blocks.
    func agreeingPairs(_ rule: [String]) throws -> Int {
        try BlockingIndex(table: table, rules: [rule], linkType: linkType, maxBlock: Int.max).pairCount(rule: 0)
    }
}
