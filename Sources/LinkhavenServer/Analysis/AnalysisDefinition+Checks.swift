import Foundation
import LinkhavenCore
import Vapor

extension Condition {
    /// Whether the condition holds for `person` in the table.
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

extension AnalysisDefinition {
    /// The datasets whose data the output is built from (their providers approve its release): those its
    /// variables name, or every dataset of the run (`inRun`) when one counts across them (`services`, `any:`).
    func datasets(inRun: [String]) -> Set<String> {
        if variables.contains(where: AnalysisTable.drawsOnEveryDataset) { return Set(inRun) }
        return Set(variables.map(AnalysisTable.dataset(of:))).subtracting([""])
    }

    /// Problems with the definition against a table, in plain English.
    func problems(_ t: AnalysisTable) -> [String] {
        var p: [String] = []
        if !Self.kinds.contains(kind) { p.append("kind is one of \(Self.kinds.joined(separator: ", "))") }
        if !(1...200).contains(title.count) { p.append("a title of 1–200 characters is required") }
        if population.isEmpty { p.append("define the population (at least one condition)") }
        for v in variables where !t.knows(v) { p.append("unknown variable '\(v)'") }
        let ops = ["=", "!=", "in", "exists", ">=", "<="]
        for c in conditions where !ops.contains(c.op) {
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
