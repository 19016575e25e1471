import Foundation
import LinkhavenCore

/// `linkhaven link --explain`: the design a run chose and the measurements behind it, as text.
enum DesignText {
    static func render(_ d: LinkDesign, model: FellegiSunterModel) -> String {
        var out = ["The design (chosen from the spec and the data; --write-config saves it as a link config):", "",
                   "Comparisons (m = P(level | match), u = P(level | non-match), weight = log2(m/u)):"]
        for (c, comp) in d.comparisons.enumerated() {
            out.append("  \(comp.name)  [\(comp.fields.joined(separator: ", "))]" + (comp.note.map { " — \($0)" } ?? ""))
            guard c < model.comparisons.count else { continue }
            for l in model.comparisons[c].levels {
                out.append("      " + pad(l.label + (l.tf ? " (tf)" : ""), 26) + String(format: "m %.4f  u %.6f  %+6.2f", l.m, l.u, l.weight))
            }
        }
        for d in model.dependences ?? [] where d.weight < 0 {
            out.append(String(format: "  %@ and %@ agree together more often than apart among non-matches: %+.2f when both are at their first level",
                              d.comparison, d.with, d.weight))
        }
        out += ["", "Training (m by EM; each rule estimates what it does not block on):"]
        for t in d.training {
            out.append("  \(t.columns.joined(separator: " & ")): \(Terminal.grouped(t.pairs)) pairs → \(t.estimates.joined(separator: ", "))"
                       + (t.familyShares.map { "; families (who share this and \($0.joined(separator: ", ")), not the rest) kept apart from matches" } ?? ""))
        }
        if let p = d.prior {
            out.append(String(format: "  prior: %@ pairs agree on %@; the model expects %.1f%% of true matches to → P(match) = %.3g for two records",
                              Terminal.grouped(p.agreeingPairs), p.rule.joined(separator: " & "), p.estimatedRuleRecall * 100, p.prior))
        }
        out += ["", "Blocking rules (measured on the files; recall among the probable matches any sampled rule finds):"]
        for r in d.rules.sorted(by: { ($0.cumulativeRecall == nil ? 1 : 0, $0.pairs) < ($1.cumulativeRecall == nil ? 1 : 0, $1.pairs) }) {
            let recall = r.recall.map { String(format: "recall %5.1f%%", $0 * 100) } ?? "recall     — "
            let cumulative = r.cumulativeRecall.map { String(format: ", with the rules before %.1f%%", $0 * 100) } ?? ""
            out.append("  \(r.chosen ? "✓" : "·") " + pad(r.columns.joined(separator: " & "), 44) + pad("\(Terminal.grouped(r.pairs)) pairs", 18)
                       + pad(String(format: "%.1f/record", r.pairsPerRecord), 14) + recall + "  " + r.reason + cumulative)
        }
        if let b = d.blockingRecall { out.append(String(format: "  estimated recall of the chosen rules: %.2f%%", b * 100)) }
        if let t = d.config.thresholds, let match = t.match {
            let at = d.atThreshold
            out += ["", String(format: "Threshold: links from probability %.3f (the highest F1 the model expects, keeping its expected precision ≥ 0.98)", match)
                    + (at.map { String(format: ": the model expects precision %.4f, recall %.4f of the scored candidates (%@ pairs)", $0.precision, $0.recall, Terminal.grouped($0.pairs)) } ?? "")
                    + String(format: "; clerical review from %.3f", t.review ?? 0)]
        }
        if !d.notes.isEmpty { out += ["", "Notes:"] + d.notes.map { "  - \($0)" } }
        return out.joined(separator: "\n")
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}
