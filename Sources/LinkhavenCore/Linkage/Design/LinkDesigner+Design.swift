import Foundation

extension LinkDesigner {
    /// Designs the linkage of the loaded `datasets`: comparisons, training, prior and blocking (the thresholds
    /// come once the pairs are scored), and the model trained on the way, which equals the one a run of the
    /// returned config would train.
    public mutating func design(datasets: [LinkConfig.DatasetInput], progress: (String) -> Void = { _ in }) throws -> (LinkDesign, FellegiSunterModel) {
        let designed = comparisons()
        guard !designed.isEmpty else {
            throw LinkageError.badInput("the files hold no identifier the spec lets them compare (tokens, name parts or CLKs of its identifier fields)")
        }
        let specs = designed.map(\.spec)
        let comparator = try Comparator(specs: specs, table: table)
        let address = (fields(.location).filter { $0.normaliser == .address } + fields(.location).filter { $0.normaliser == .uprn }).compactMap(\.token).first
        var config = LinkConfig(format: LinkConfig.currentFormat, datasets: datasets, linkType: linkType.rawValue, deterministic: nil, blocking: [],
                                comparisons: specs, training: nil, thresholds: nil,
                                clustering: LinkConfig.ClusteringSpec(bridge: 0.99, addressToken: address, addressCLK: nil, addressDice: nil, addressBlock: nil),
                                clkOnly: nil)
        let strict = priorRule(), dependent = dependentPairs(designed)
        let (emRules, emFixed, trainingInfo) = try trainingRules(designed, dependent: dependent)
        for c in designed where !trainingInfo.contains(where: { $0.estimates.contains(c.spec.name) }) {
            notes.append("\(c.spec.name): every training rule blocks on one of its fields, so its m keeps the starting values (0.8 at the first level)")
        }
        config.training = LinkConfig.TrainingSpec(emBlocking: emRules, emFixed: emFixed.contains { !$0.isEmpty } ? emFixed : nil,
                                                  uSampleSize: min(1_000_000, max(100_000, 20 * table.count)), iterations: 25, priorRule: strict.isEmpty ? nil : strict, priorRecall: nil,
                                                  dependent: dependent.isEmpty ? nil : dependent,
                                                  families: dependent.isEmpty ? nil : true)
        let trainer = ModelTrainer(comparator: comparator, table: table, linkType: linkType)
        var model = FellegiSunterModel(specs: specs)
        try trainer.trainMatchProbabilities(&model, config: config, progress: progress)
        var prior: LinkDesign.Prior? = nil
        let none = try BlockingIndex(table: table, rules: [], linkType: linkType)
        if !strict.isEmpty {
            let recall = (estimatedRecall(of: strict, model: model, comparisons: designed) * 1e6).rounded() / 1e6
            config.training!.priorRecall = recall
            let agreeing = try trainer.trainPrior(&model, config: config, blocking: none, passes: none, progress: progress) ?? 0
            try trainer.trainDependences(&model, config: config, progress: progress)
            prior = LinkDesign.Prior(rule: strict, agreeingPairs: agreeing, estimatedRuleRecall: recall, prior: model.prior)
        } else {
            model.prior = 1 / Double(max(table.count, 2))   // for choosing the rules; estimated among their pairs below
        }
        comparator.prepare(model)
        progress("design: measuring blocking rules")
        let candidates = try candidateRules(designed, progress: progress)
        let (chosen, rules, recall) = chooseBlocking(candidates, comparator: comparator, model: model)
        guard !chosen.isEmpty else { throw LinkageError.badInput("no blocking rule gives any pair to compare: the files share no identifier value") }
        config.blocking = chosen
        if strict.isEmpty {
            let index = try BlockingIndex(table: table, rules: chosen, linkType: linkType)
            try trainer.trainPrior(&model, config: config, blocking: index, passes: none, progress: progress)
            try trainer.trainDependences(&model, config: config, progress: progress)
        }
        let design = LinkDesign(config: config, comparisons: designed.map {
            LinkDesign.Comparison(name: $0.spec.name, fields: $0.fields, levels: $0.spec.levels.map(\.label), note: $0.note)
        }, rules: rules, blockingRecall: recall, training: trainingInfo, prior: prior, notes: notes)
        return (design, model)
    }
}
