import Foundation
import LinkhavenCore

/// The protected figures of an output as HTML: tables (with a chart), models, comparisons, cohorts.
enum OutputRendering {
    static func figures(_ r: AnalysisResult) -> String {
        if let t = r.table {
            let headers = [t.rowVariable] + t.columns + ["Total"]
            let labels = t.rows.map { $0.isEmpty ? "(not recorded)" : $0 }
            let rows: [[HTML.Cell]] = t.cells.enumerated().map { i, cells in
                [.text(i < t.rows.count ? labels[i] : "Total")] + cells.map { .text($0.value.map(String.init) ?? "[c]") }
            }
            let totals = t.rows.indices.map { t.cells[$0].last?.value.map(Double.init) }
            return SVGChart.bars(title: "\(t.title): totals by \(t.rowVariable)", labels: labels, values: totals) { String(Int($0)) }
                + HTML.table(caption: t.title + " ([c]: suppressed)", headers: headers, rows: rows, numeric: Set(1..<headers.count))
        }
        if let m = r.model {
            return HTML.table(caption: "Logistic regression of \(m.outcome) (\(m.residualDF) residual degrees of freedom)",
                              headers: ["Term", "Odds ratio", "95% interval", "p"],
                              rows: m.terms.map { t in [.text(t.name), .text(t.oddsRatio.map { String(format: "%.2f", $0) } ?? "not estimable"),
                                                        .text(t.lower95.flatMap { l in t.upper95.map { String(format: "%.2f – %.2f", l, $0) } } ?? (t.note ?? "not estimable")),
                                                        .text(String(format: "%.3g", t.pValue))] },
                              numeric: [1, 3])
        }
        if let c = r.comparison {
            return HTML.summary([("Matched pairs (rounded)", String(DisclosureControl.round(c.treatedMatched, to: r.rules.roundingBase))),
                                 ("Outcome rate, intervention group", String(format: "%.1f%%", c.treatedRate * 100)),
                                 ("Outcome rate, matched controls", String(format: "%.1f%%", c.controlRate * 100)),
                                 ("Difference (95% interval)", String(format: "%+.1f points (%+.1f to %+.1f)", c.difference * 100, c.lower95 * 100, c.upper95 * 100))])
        }
        return HTML.summary([("People in the cohort (rounded)", r.cohort.map(String.init) ?? "suppressed")])
    }
}
