import Foundation
import LinkhavenCore
import Vapor

/// A rule over the linked analysis table, e.g. `{"variable": "hh:police.dv_child_present", "op": "=", "value": "Y"}`.
struct Condition: Codable, Sendable, Equatable {
    var variable: String
    /// `=`, `!=`, `in`, `exists`, `>=` or `<=`.
    var op: String
    var value: String?
    var values: [String]?
    /// How outputs name it (a predictor, a cohort flag); the condition text when absent.
    var name: String?

    var label: String { name ?? ([variable, op, value ?? values?.joined(separator: "|")].compactMap { $0 }.joined(separator: " ")) }

    func holds(_ t: AnalysisTable, _ person: Int) -> Bool {
        let v = t.values(variable, person)
        switch op {
        case "=": return v.contains(value ?? "")
        case "!=": return !v.contains(value ?? "")
        case "in": return v.contains { (values ?? []).contains($0) }
        case "exists": return v.contains { !$0.isEmpty }
        case ">=", "<=":
            guard let bound = value.flatMap(Double.init) else { return false }
            return v.compactMap(Double.init).contains { op == ">=" ? $0 >= bound : $0 <= bound }
        default: return false
        }
    }
}

/// An analysis an analyst defines and can re-run on any later linkage run: a crosstab (counts, or
/// sums of a numeric variable), a logistic regression, a matched comparison, or a cohort.
struct AnalysisDefinition: Codable, Sendable, Equatable {
    var kind: String
    var title: String
    /// Who is counted (all conditions must hold), e.g. the children in the school readiness data.
    var population: [Condition]
    /// crosstab: the row and column variables, and optionally a numeric variable to sum.
    var rows: String?
    var columns: String?
    var sum: String?
    /// regression and comparison: the outcome; regression: the predictors (each a yes/no condition).
    var outcome: Condition?
    var predictors: [Condition]?
    /// comparison: who had the intervention, and what they are matched on.
    var treated: Condition?
    var covariates: [Condition]?
    /// `person` (default) or `household`: a household-level crosstab counts households (one row per
    /// household); a household-level cohort returns to providers the records of everyone in the
    /// members' households (e.g. the adults known to a service).
    var level: String?

    static let kinds = ["crosstab", "regression", "comparison", "cohort"]

    /// Every variable the definition uses.
    var variables: [String] {
        let conditions = population + [outcome, treated].compactMap { $0 } + (predictors ?? []) + (covariates ?? [])
        return conditions.map(\.variable) + [rows, columns, sum].compactMap { $0 }
    }

    /// The datasets whose data the output is built from (their providers approve its release).
    var datasets: Set<String> { Set(variables.map(AnalysisTable.dataset(of:))).subtracting([""]) }

    /// Problems with the definition against a table, in plain English.
    func problems(_ t: AnalysisTable) -> [String] {
        var p: [String] = []
        if !Self.kinds.contains(kind) { p.append("kind is one of \(Self.kinds.joined(separator: ", "))") }
        if !(1...200).contains(title.count) { p.append("a title of 1–200 characters is required") }
        if population.isEmpty { p.append("define the population (at least one condition)") }
        for v in variables where !t.knows(v) { p.append("unknown variable '\(v)'") }
        let ops = ["=", "!=", "in", "exists", ">=", "<="]
        for c in population + [outcome, treated].compactMap({ $0 }) + (predictors ?? []) + (covariates ?? []) where !ops.contains(c.op) {
            p.append("unknown operator '\(c.op)' (use \(ops.joined(separator: " ")))")
        }
        switch kind {
        case "crosstab": if rows == nil || columns == nil { p.append("a crosstab needs rows and columns") }
        case "regression": if outcome == nil || (predictors ?? []).isEmpty { p.append("a regression needs an outcome and predictors") }
        case "comparison": if outcome == nil || treated == nil || (covariates ?? []).isEmpty { p.append("a comparison needs treated, outcome and covariates") }
        default: break
        }
        if let level, !["person", "household"].contains(level) { p.append("level is person or household") }
        return p
    }
}
