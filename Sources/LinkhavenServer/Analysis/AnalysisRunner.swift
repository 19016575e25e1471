import Foundation
import LinkhavenCore
import Vapor

/// Runs a definition on the analysis table under the rules.
enum AnalysisRunner {
    /// `overlap`: the totals other count tables of the same population showed or hid (see `DisclosureControl.protect`).
    static func run(_ d: AnalysisDefinition, on t: AnalysisTable, rules: DisclosureRules, overlap: [String: [String: Bool]] = [:]) throws -> AnalysisResult {
        var people = t.persons.keys.sorted().filter { id in d.population.allSatisfy { $0.holds(t, id) } }
        if d.level == "household", d.kind == "crosstab" {   // one row per household: its first member in the population stands for it
            var seen = Set<Int>()
            people = people.filter { seen.insert(t.persons[$0]!.household).inserted }
        }
        let rounded = DisclosureControl.round(people.count, to: rules.roundingBase)
        var r = AnalysisResult(population: rounded, findings: [], withheld: false, rules: rules)
        if people.count > 0 && people.count < rules.minimumCount {
            r.population = 0
            r.findings.append(DisclosureFinding(rule: "threshold", row: "population", column: "*", action: "withheld: fewer than \(rules.minimumCount) people"))
            r.withheld = true
            return r
        }
        switch d.kind {
        case "crosstab":
            let rowsOf = people.map { t.values(d.rows!, $0).first ?? "" }, colsOf = people.map { t.values(d.columns!, $0).first ?? "" }
            // The table's categories are data: the breach guard looks at them before anyone sees the table.
            let leaks = [(d.rows!, rowsOf), (d.columns!, colsOf)].flatMap { variable, values in
                IdentifierScanner.scan(values: values, column: variable, declared: t.profile(of: variable))
            }
            if !leaks.isEmpty {
                r.findings = leaks.map { DisclosureFinding(rule: "identifier", row: $0.column, column: "*",
                                                           action: "withheld: a category of \($0.column) looks like a \($0.kind.label); no table is shown") }
                r.withheld = true
                return r
            }
            let rowLabels = Array(Set(rowsOf)).sorted(), colLabels = Array(Set(colsOf)).sorted()
            let ri = Dictionary(uniqueKeysWithValues: rowLabels.enumerated().map { ($1, $0) }), ci = Dictionary(uniqueKeysWithValues: colLabels.enumerated().map { ($1, $0) })
            if let sum = d.sum {
                var cells = rowLabels.map { _ in colLabels.map { _ in [Double]() } }
                for (k, id) in people.enumerated() { if let v = t.values(sum, id).first.flatMap(Double.init) { cells[ri[rowsOf[k]]!][ci[colsOf[k]]!].append(v) } }
                r.table = DisclosureControl.protect(MagnitudeTable(title: d.title, rowVariable: d.rows!, columnVariable: d.columns!, valueVariable: sum,
                                                                   rows: rowLabels, columns: colLabels, contributions: cells), rules: rules)
            } else {
                var counts = rowLabels.map { _ in colLabels.map { _ in 0 } }
                for k in people.indices { counts[ri[rowsOf[k]]!][ci[colsOf[k]]!] += 1 }
                r.table = DisclosureControl.protect(CountTable(title: d.title, rowVariable: d.rows!, columnVariable: d.columns!,
                                                               rows: rowLabels, columns: colLabels, counts: counts), rules: rules, overlap: overlap)
            }
            r.findings = r.table!.findings
            if d.sum == nil, let t = r.table {
                r.rates = t.cells.map { row in row.dropLast().map { cell in
                    guard let v = cell.value, let total = row.last?.value, total > 0 else { return nil }
                    return Double(v) / Double(total)
                } }
            }
        case "regression":
            let predictors = d.predictors!
            let y = people.map { d.outcome!.holds(t, $0) }, x = people.map { id in predictors.map { $0.holds(t, id) ? 1.0 : 0.0 } }
            let m = try fitting { try LogisticRegression.fit(outcome: d.outcome!.label, y: y, x: x, predictors: predictors.map(\.label)) }
            r.findings = DisclosureControl.checkModel(m, y: y, x: x, rules: rules)
            r.withheld = !r.findings.isEmpty
            r.model = m
        case "comparison":
            let treated = people.map { d.treated!.holds(t, $0) }, outcome = people.map { d.outcome!.holds(t, $0) }
            let x = people.map { id in d.covariates!.map { $0.holds(t, id) ? 1.0 : 0.0 } }
            let c = try fitting { try MatchedComparison.run(treated: treated, outcome: outcome, covariates: x, names: d.covariates!.map(\.label)) }
            r.findings = DisclosureControl.checkComparison(c, rules: rules)
            r.withheld = !r.findings.isEmpty
            r.comparison = c
        default:
            r.cohort = rounded
        }
        return r
    }

    /// A model fitted on the data, or a 422 saying why it cannot be (collinear predictors, an empty category…).
    static func fitting<T>(_ fit: () throws -> T) throws -> T {
        do { return try fit() } catch let e as AnalysisError { throw Abort(.unprocessableEntity, reason: e.description) }
    }

    /// The people of a cohort definition, or everyone in their households at household level
    /// (for the re-identification loop only).
    static func members(_ d: AnalysisDefinition, on t: AnalysisTable) -> [Int] {
        let people = t.persons.keys.sorted().filter { id in d.population.allSatisfy { $0.holds(t, id) } }
        guard d.level == "household" else { return people }
        return Set(people.flatMap { t.households[t.persons[$0]!.household] ?? [] }).sorted()
    }
}

extension AnalysisRunner {
    /// What earlier count tables of the same population did with the cells and totals they share with
    /// this one: hidden in any of them stays hidden; shown is known.
    static func overlap(of d: AnalysisDefinition, among earlier: [(AnalysisDefinition, AnalysisResult)]) -> [String: [String: Bool]] {
        DisclosureControl.overlap(earlier.filter { $0.0.kind == "crosstab" && $0.0.sum == nil && $0.0.population == d.population }.compactMap(\.1.table))
    }
}
