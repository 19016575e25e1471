import Foundation
import LinkhavenCore

/// The run page's account of a designed run: what `linkhaven link --explain` prints, as tables (counts, rates
/// and column names only — nothing identifies anyone).
enum WebRunDesign {
    static func section(_ d: LinkDesign, model: FellegiSunterModel?) -> String {
        let pct: (Double?) -> String = { $0.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        var body = "<h2>How the linkage was designed</h2><p>No linkage configuration was set, so the engine designed it from the spec and the data.</p>"
        let match = d.config.thresholds?.match, at = d.atThreshold
        body += HTML.summary([("Links from probability", match.map { String(format: "%.3f", $0) } ?? "—"),
                              ("Clerical review from", d.config.thresholds?.review.map { String(format: "%.3f", $0) } ?? "—"),
                              ("Expected precision there (model)", pct(at?.precision)), ("Expected recall of scored pairs (model)", pct(at?.recall)),
                              ("Estimated recall of the chosen blocking rules", pct(d.blockingRecall))])
        body += HTML.table(caption: "Blocking rules measured on the data (recall among the probable matches any sampled rule finds)",
                           headers: ["Rule", "Pairs", "Pairs per record", "Estimated recall", "Chosen", "Why"],
                           rows: d.rules.map { r in [.text(r.columns.joined(separator: " & ")), .text(String(r.pairs)), .text(String(format: "%.1f", r.pairsPerRecord)),
                                                     .text(pct(r.recall)), .text(r.chosen ? "yes" : "no"), .text(r.reason)] }, numeric: [1, 2, 3])
        if let model {
            body += HTML.table(caption: "Comparisons: m = P(level | match), u = P(level | non-match), weight = log2(m/u)",
                               headers: ["Comparison", "Level", "m", "u", "Weight"],
                               rows: model.comparisons.flatMap { c in c.levels.map { l in
                                   [.text(c.name), .text(l.label + (l.tf ? " (term frequency)" : "")), .text(String(format: "%.4f", l.m)),
                                    .text(String(format: "%.6f", l.u)), .text(String(format: "%+.2f", l.weight))] } }, numeric: [2, 3, 4])
        }
        body += HTML.table(caption: "Training: each rule estimates what it does not block on", headers: ["Rule", "Pairs", "Estimates"],
                           rows: d.training.map { [.text($0.columns.joined(separator: " & ")), .text(String($0.pairs)), .text($0.estimates.joined(separator: ", "))] }, numeric: [1])
        if !d.notes.isEmpty { body += "<h3>What the data lacked</h3><ul>" + d.notes.map { "<li>\(HTML.esc($0))</li>" }.joined() + "</ul>" }
        return body
    }
}
