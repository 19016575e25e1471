import Foundation

extension DisclosureControl {
    /// Checks a fitted model before release: enough residual degrees of freedom, and for every
    /// binary predictor, enough people in each of its four cells with the outcome (a rare
    /// category can single people out). An empty result means it may be released.
    public static func checkModel(_ m: LogisticRegression, y: [Bool], x: [[Double]], rules: DisclosureRules) -> [DisclosureFinding] {
        var findings: [DisclosureFinding] = []
        if m.residualDF < rules.minimumResidualDF {
            findings.append(DisclosureFinding(rule: "residual-df", row: m.outcome, column: "*",
                                              action: "withheld: \(m.residualDF) residual degrees of freedom, fewer than \(rules.minimumResidualDF)"))
        }
        for (k, term) in m.terms.dropFirst().enumerated() where x.allSatisfy({ $0[k] == 0 || $0[k] == 1 }) {
            for (xv, yv) in [(1.0, true), (1.0, false), (0.0, true), (0.0, false)] {
                let n = zip(x, y).filter { $0.0[k] == xv && $0.1 == yv }.count
                if n > 0 && n < rules.minimumCount {
                    findings.append(DisclosureFinding(rule: "threshold", row: term.name, column: "\(term.name)=\(Int(xv)), \(m.outcome)=\(yv ? "yes" : "no")",
                                                      action: "withheld: a model cell has fewer than \(rules.minimumCount) people"))
                }
            }
        }
        if !m.converged { findings.append(DisclosureFinding(rule: "convergence", row: m.outcome, column: "*", action: "withheld: the model did not converge")) }
        return findings
    }

    /// Checks a matched comparison: each of its four cells (treated and controls, with and without
    /// the outcome) must hold at least the minimum count.
    public static func checkComparison(_ r: MatchedComparison, rules: DisclosureRules) -> [DisclosureFinding] {
        let cells = [("treated", "outcome", r.treatedOutcomes), ("treated", "no outcome", r.treatedMatched - r.treatedOutcomes),
                     ("controls", "outcome", r.controlOutcomes), ("controls", "no outcome", r.controlsMatched - r.controlOutcomes)]
        return cells.filter { $0.2 > 0 && $0.2 < rules.minimumCount }.map {
            DisclosureFinding(rule: "threshold", row: $0.0, column: $0.1, action: "withheld: fewer than \(rules.minimumCount) people")
        }
    }
}
