/// How the design trains its model: EM sessions on exact agreement of one kind of evidence at a time (date of
/// birth, then the names together, then each name alone, then identifiers, and where they live only when nothing
/// else would estimate the rest, since pairs at one address are mostly family), and a strict rule for the prior whose recall the model estimates.
extension LinkDesigner {
    /// The comparisons (indices) that a rule on `fields` makes agree, by the fields they read. A CLK of several
    /// fields is fixed by a rule on any of them: estimated on pairs agreeing on the date of birth, its similarity
    /// came out far too common among matches (1M benchmark records: precision 0.78), so where every training rule
    /// blocks on one of its fields its m keeps its starting values, and the design says so.
    func fixed(_ comparisons: [Designed], fields rule: Set<String>) -> Set<Int> {
        Set(comparisons.indices.filter { !rule.isDisjoint(with: comparisons[$0].fields) })
    }

    /// The field a token column belongs to.
    func field(ofToken column: String) -> String? { fields.first { $0.token == column }?.name }

    /// EM rules, in preference order, until every comparison is estimated by at least one session; with, per rule,
    /// the comparisons it fixes that a config could not tell from its columns alone (`emFixed`).
    /// `dependent` pairs give a session on what one of them fixes a family class (see `ModelTrainer.emWithFamilies`).
    func trainingRules(_ comparisons: [Designed], dependent: [[String]]) throws -> (rules: [[String]], emFixed: [[String]], explained: [LinkDesign.TrainingRule]) {
        var candidates: [[String]] = fields(.date).compactMap(\.token).map { [$0] }
        let names = fields(.name).compactMap(\.token)
        if names.count > 1 { candidates.append(names) }
        candidates += names.map { [$0] }   // one name estimates the others, with fewer families among its pairs than an address has
        candidates += fields(.identifier).compactMap(\.token).map { [$0] }
        candidates += fields(.location).compactMap(\.token).map { [$0] }
        var estimated = Set<Int>(), out: ([[String]], [[String]], [LinkDesign.TrainingRule]) = ([], [], [])
        for rule in candidates {
            let fixedHere = fixed(comparisons, fields: Set(rule.compactMap(field(ofToken:))))
            let estimates = Set(comparisons.indices).subtracting(fixedHere)
            guard !estimates.subtracting(estimated).isEmpty else { continue }
            let pairs = try BlockingIndex(table: table, rules: [rule], linkType: linkType).pairCount(rule: 0)
            guard pairs > 0 else { continue }
            estimated.formUnion(estimates)
            let byColumns = ModelTrainer.comparisons(comparisons.map(\.spec), reading: rule)
            out.0.append(rule)
            out.1.append(fixedHere.subtracting(byColumns).sorted().map { comparisons[$0].spec.name })
            let family = ModelTrainer.partners(of: fixedHere, names: comparisons.map(\.spec.name), dependent: dependent)
            out.2.append(LinkDesign.TrainingRule(columns: rule, pairs: pairs, estimates: estimates.sorted().map { comparisons[$0].spec.name },
                                                 familyShares: family.isEmpty ? nil : family.sorted().map { comparisons[$0].spec.name }))
            if estimated.count == comparisons.count { break }
        }
        return out
    }

    /// Comparisons that agree together among non-matches: each name, date and other token comparison with where
    /// they live, when both begin with an exact token level (families share surnames and addresses, twins birth dates).
    func dependentPairs(_ comparisons: [Designed]) -> [[String]] {
        guard let place = comparisons.first(where: { d in d.fields.contains { f in fields.first { $0.name == f }?.kind == .location } }),
              place.spec.levels.first?.token != nil else { return [] }
        return comparisons.filter { d in
            d.spec.name != place.spec.name && d.spec.levels.first?.token != nil
                && d.fields.allSatisfy { f in [.name, .date, .identifier, .other].contains(fields.first { $0.name == f }?.kind) }
        }.map { [$0.spec.name, place.spec.name] }
    }

    /// A strict rule for the prior: exact names and date of birth (with the address when one of them is missing).
    func priorRule() -> [String] {
        let names = fields(.name).compactMap(\.token), date = fields(.date).compactMap(\.token).prefix(1)
        var rule = names + date + fields(.identifier).compactMap(\.token).prefix(names.isEmpty ? 1 : 0)
        if names.isEmpty || date.isEmpty, let place = (fields(.location).filter { $0.normaliser == .address } + fields(.location)).compactMap(\.token).first {
            rule.append(place)
        }
        if rule.isEmpty { rule = fields.filter { $0.kind != .sex }.compactMap(\.token).prefix(1).map { $0 } }
        return rule
    }

    /// The share of true matches the model expects to agree exactly on every column of `rule`: each column's
    /// exact-level m, times the chance both records have it.
    func estimatedRecall(of rule: [String], model: FellegiSunterModel, comparisons: [Designed]) -> Double {
        var recall = 1.0
        for column in rule {
            guard let c = comparisons.firstIndex(where: { $0.spec.levels.contains { $0.token == column } }),
                  let l = comparisons[c].spec.levels.firstIndex(where: { $0.token == column }), table.tokens[column] != nil else { continue }
            let present = table.presence(of: column)
            recall *= present * present * model.comparisons[c].levels[l].m
        }
        return min(max(recall, 0.01), 1)
    }
}
