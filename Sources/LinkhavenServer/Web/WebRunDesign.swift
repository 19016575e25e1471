import Foundation
import LinkhavenCore

/// The run page's account of a designed run: what `linkhaven link --explain` prints, drawn to be read at a glance —
/// the expected precision and recall against threshold, the blocking rules measured, what each comparison level
/// weighs — each chart followed by its figures as a table. Counts, rates and column names only: nothing
/// identifies anyone.
enum WebRunDesign {
    static func section(_ d: LinkDesign, model: FellegiSunterModel?) -> String {
        var body = "<h2>How the linkage was designed</h2><p>No linkage configuration was set, so the engine designed it from the spec and the data.</p>"
        let match = d.config.thresholds?.match, at = d.atThreshold
        body += HTML.summary([("Links from probability", match.map { String(format: "%.3f", $0) } ?? "—"),
                              ("Clerical review from", d.config.thresholds?.review.map { String(format: "%.3f", $0) } ?? "—"),
                              ("Expected precision there (model)", pct(at?.precision)), ("Expected recall of scored pairs (model)", pct(at?.recall)),
                              ("Estimated recall of the chosen blocking rules", pct(d.blockingRecall))])
        body += curve(d)
        body += rules(d)
        if let model { body += levels(model) }
        body += HTML.table(caption: "Training: each rule estimates what it does not block on", headers: ["Rule", "Pairs", "Estimates", "Families kept apart"],
                           rows: d.training.map { [.text($0.columns.joined(separator: " & ")), .text(String($0.pairs)), .text($0.estimates.joined(separator: ", ")),
                                                   .text($0.familyShares.map { "who share this and \($0.joined(separator: ", "))" } ?? "")] }, numeric: [1])
        if let p = d.prior {
            body += "<p>The prior (the share of candidate pairs expected to match, \(String(format: "%.3g", p.prior))) is the \(p.agreeingPairs) pairs agreeing on "
                + "\(HTML.esc(p.rule.joined(separator: " & "))) divided by the \(pct(p.estimatedRuleRecall)) of true matches the model expects to agree on all of it.</p>"
        }
        if !d.notes.isEmpty { body += "<h3>What the data lacked</h3><ul>" + d.notes.map { "<li>\(HTML.esc($0))</li>" }.joined() + "</ul>" }
        return body
    }

    /// The model's expected precision, recall and F1 if links were accepted from each weight up, the chosen point marked.
    static func curve(_ d: LinkDesign) -> String {
        guard d.curve.count > 1 else { return "" }
        let xs = d.curve.map(\.weight), at = d.atThreshold
        let floor = (min(d.curve.map(\.precision).min() ?? 0, d.curve.map(\.recall).min() ?? 0) * 10).rounded(.down) / 10
        var body = "<h3>Where to draw the line: precision and recall the model expects</h3>"
        body += SVGChart.curves(title: "Expected precision, recall and F1 if links were accepted from each match weight up",
                                xs: xs, series: [.init(name: "precision", values: d.curve.map(\.precision), css: "line-a"),
                                                 .init(name: "recall", values: d.curve.map(\.recall), css: "line-b"),
                                                 .init(name: "F1", values: d.curve.map(\.f1), css: "line-c")],
                                xTitle: "match weight: links accepted from here up", floor: floor,
                                mark: at.map { .init(at: $0.weight, label: "chosen: p ≥ \(String(format: "%.3f", $0.probability)), precision \(pct($0.precision)), recall \(pct($0.recall))") })
        // One point per bit of weight (the curve has one per quarter bit), and the chosen one.
        let whole = d.curve.enumerated().filter { i, p in
            p == at || i == 0 || p.weight.rounded(.down) != d.curve[i - 1].weight.rounded(.down)
        }.map(\.element)
        body += "<details><summary>The curve as a table</summary>" + HTML.table(caption: "Expected precision and recall by threshold",
            headers: ["Weight", "Probability", "Pairs from here up", "Precision", "Recall", "F1"],
            rows: whole.reversed().map { [.text(String(format: "%+.2f", $0.weight)), .text(String(format: "%.4f", $0.probability)), .text(String($0.pairs)),
                                          .text(pct($0.precision)), .text(pct($0.recall)), .text(pct($0.f1))] }, numeric: [0, 1, 2, 3, 4, 5]) + "</details>"
        return body
    }

    /// The blocking rules, the chosen ones first in the order they were added.
    static func rules(_ d: LinkDesign) -> String {
        let chosen = d.rules.filter(\.chosen).sorted { ($0.cumulativeRecall ?? 0) < ($1.cumulativeRecall ?? 0) }
        let ordered = chosen + d.rules.filter { !$0.chosen }
        let name: (LinkDesign.Rule) -> String = { $0.columns.joined(separator: " & ") }
        var body = "<h3>Which pairs were compared: blocking rules measured on the data</h3>"
        body += SVGChart.bars(title: "Estimated recall of each blocking rule on its own (chosen rules in blue, in the order added)",
            ordered.map { r in
                SVGChart.Bar(label: name(r), value: r.recall,
                             text: r.recall.map { "\(pct($0)) · \(String(format: "%.1f", r.pairsPerRecord)) pairs/record" } ?? "too broad to sample",
                             muted: !r.chosen)
            }, maximum: 1, labelWidth: 260, valueWidth: 220)
        body += HTML.table(caption: "Blocking rules (recall among the probable matches any sampled rule finds)",
                           headers: ["Rule", "Pairs", "Pairs per record", "Estimated recall", "Chosen rules together", "Chosen", "Why"],
                           rows: ordered.map { r in [.text(name(r)), .text(String(r.pairs)), .text(String(format: "%.1f", r.pairsPerRecord)),
                                                     .text(pct(r.recall)), .text(r.cumulativeRecall.map { pct($0) } ?? ""), .text(r.chosen ? "yes" : "no"), .text(r.reason)] },
                           numeric: [1, 2, 3, 4])
        return body
    }

    /// m, u and weight per comparison level, and the corrections for evidence that goes together.
    static func levels(_ model: FellegiSunterModel) -> String {
        let label: (FellegiSunterModel.Level) -> String = { $0.label + ($0.tf ? " (term frequency)" : "") }
        var groups = model.comparisons.map { c in
            SVGChart.LevelGroup(name: c.name, rows: c.levels.map { .init(label: label($0), m: $0.m, u: $0.u, weight: $0.weight) })
        }
        // A pair of comparisons checked and found to need no correction has weight 0: said in words, not drawn.
        let checked = model.dependences ?? [], corrections = checked.filter { $0.weight != 0 }
        if !corrections.isEmpty {
            groups.append(.init(name: "Corrections: agreeing on both says less than each alone",
                                rows: corrections.map { .init(label: "\($0.comparison) and \($0.with)", m: nil, u: nil, weight: $0.weight) }))
        }
        var body = "<h3>What each comparison weighs</h3>"
        body += SVGChart.levels(title: "Per comparison level: m = P(level | match), u = P(level | non-match), weight = log2(m/u)", groups: groups)
        body += "<details><summary>The model as a table</summary>" + HTML.table(caption: "Comparisons: m = P(level | match), u = P(level | non-match), weight = log2(m/u)",
            headers: ["Comparison", "Level", "m", "u", "Weight"],
            rows: model.comparisons.flatMap { c in c.levels.map { l in
                [.text(c.name), .text(label(l)), .text(String(format: "%.4f", l.m)),
                 .text(String(format: "%.6f", l.u)), .text(String(format: "%+.2f", l.weight))] } }, numeric: [2, 3, 4]) + "</details>"
        let independent = checked.filter { $0.weight == 0 }.map { "\($0.comparison) with \($0.with)" }
        if !independent.isEmpty {
            body += "<p>Agreeing on \(HTML.esc(independent.joined(separator: "; "))) was checked too and needs no correction: the pairs agreeing "
                + "on both are mostly true matches, or agree no more often than each alone predicts.</p>"
        }
        if !corrections.isEmpty {
            body += HTML.table(caption: "Corrections for dependent evidence (added when a pair agrees on both)", headers: ["Comparison", "With", "Weight"],
                               rows: corrections.map { [.text($0.comparison), .text($0.with), .text(String(format: "%+.2f", $0.weight))] }, numeric: [2])
        }
        return body
    }

    static func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
}
