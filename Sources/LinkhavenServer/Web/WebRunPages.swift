import Foundation
import LinkhavenCore
import Vapor

/// Linkage runs: progress, the report with its match-weight chart, and the clerical review queue.
func webRunRoutes(_ app: Application) {
    app.page(.GET, "app", "runs", ":id") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let r = try await web.call(API.run, id.uuidString)
        var body = web.notice + HTML.summary([("Status", r.status.rawValue), ("Progress", r.progress), ("Attempts", String(r.attempts)),
            ("Started", HTML.date(r.startedAt)), ("Finished", HTML.date(r.finishedAt)), ("Stale", r.stale ? "Yes: an input has been replaced" : "No")])
        if let e = r.error { body += HTML.errors([e]) }
        if r.status.isActive { body += "<p>\(HTML.link("Refresh to see progress", "/app/runs/\(id)"))</p>" }
        body += HTML.table(caption: "Dataset versions used", headers: ["Dataset", "Version", "Stale"],
                           rows: r.inputs.map { [.text($0.dataset), .text(String($0.version)), .text($0.stale ? "yes" : "no")] })
        if let rep = r.report {
            body += "<h2>Report</h2>" + HTML.summary([("Records", String(rep.records)), ("Links", String(rep.links)), ("Persons", String(rep.persons)),
                ("Households", String(rep.households)), ("Pairs for clerical review", String(rep.reviewPairs)),
                ("Expected precision (model)", rep.expectedPrecision.map { String(format: "%.1f%%", $0 * 100) } ?? "—"),
                ("Expected recall among candidates (model)", rep.expectedRecall.map { String(format: "%.1f%%", $0 * 100) } ?? "—")])
            let labels = (0..<LinkageReport.histogramBins).map { String($0 - 40) }
            let marks = WebRunPages.marks(rep.thresholds)
            body += "<h3>Match weights of candidate pairs</h3><p>Each bar counts the candidate pairs whose comparisons added up to that weight (log scale, so the few true matches on the right show beside the many non-matches on the left)."
                + (marks.isEmpty ? "" : " Pairs right of the red line were linked; those in the shaded band went to clerical review.") + "</p>"
            body += SVGChart.histogram(title: "Candidate pairs by match weight, −40 to +40, thresholds marked", labels: labels, counts: rep.weightHistogram,
                                       marks: marks.map { .init(at: $0.at + 40, label: $0.label) },
                                       band: marks.count == 2 ? (marks[0].at + 40)...(marks[1].at + 40) : nil, logScale: true)
            body += "<details><summary>The histogram as a table</summary>" + HTML.table(caption: "Candidate pairs by match weight", headers: ["Weight", "Pairs"],
                rows: zip(labels, rep.weightHistogram).filter { $0.1 > 0 }.map { [.text($0.0), .text(String($0.1))] }, numeric: [1]) + "</details>"
            body += HTML.table(caption: "Links by pair of datasets (providers)", headers: ["Datasets", "Links"],
                               rows: rep.linksByDatasetPair.sorted { $0.key < $1.key }.map { [.text($0.key), .text(String($0.value))] }, numeric: [1])
            body += HTML.table(caption: "Deterministic passes", headers: ["Pass", "Links"], rows: rep.passes.map { [.text($0.name), .text(String($0.links))] }, numeric: [1])
            if let design = rep.design { body += WebRunDesign.section(design, model: rep.model) }
            body += "<p>\(HTML.link("Clerical review queue", "/app/runs/\(id)/review"))</p>"
        }
        return web.page("Linkage run", body)
    }

    app.page(.GET, "app", "runs", ":id", "review") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let pairs = try await web.call(API.reviewQueue, id.uuidString)
        let marks = WebRunPages.marks(try await web.call(API.run, id.uuidString).report?.thresholds)
        var body = web.notice + "<p>Each pair shows, for every comparison, how far the two records agreed and what that weighed: the chart adds the weights up "
            + "from the prior to the pair's total. You never see who they are.</p>"
        for (n, p) in pairs.prefix(25).enumerated() {
            body += "<h2>\(HTML.esc(p.datasetA)) and \(HTML.esc(p.datasetB)): probability \(String(format: "%.2f", p.probability))</h2>"
            if let e = p.explanation {
                body += SVGChart.waterfall(title: "Pair \(n + 1): match weight from the prior, comparison by comparison", prior: e.priorWeight,
                                           steps: e.steps.map { .init(label: "\($0.comparison): \($0.level == "null" ? "missing" : $0.level)", weight: $0.weight) },
                                           totalLabel: "Total (probability \(String(format: "%.2f", e.probability)))", marks: marks)
                body += "<details><summary>The weights as a table</summary>" + HTML.table(caption: "Comparison levels", headers: ["Comparison", "Level", "Weight"],
                    rows: e.steps.map { [.text($0.comparison), .text($0.level), .text(String(format: "%+.2f", $0.weight))] }, numeric: [2]) + "</details>"
            }
            body += p.isMatch.map { "<p>Decided: \($0 ? "the same person" : "different people").</p>" } ?? ""
            body += HTML.button("Same person", action: "/app/runs/\(id)/review/\(p.id)", csrf: web.csrf, fields: [("isMatch", "true")])
            body += HTML.button("Different people", action: "/app/runs/\(id)/review/\(p.id)", csrf: web.csrf, fields: [("isMatch", "false")], secondary: true)
        }
        if pairs.isEmpty { body += "<p>No pairs need review.</p>" }
        return web.page("Clerical review", body)
    }

    app.page(.POST, "app", "runs", ":id", "review", ":pair") { web in
        let id = try web.req.parameters.require("id", as: UUID.self), pair = try web.req.parameters.require("pair", as: UUID.self)
        return try await web.act(API.decidePair, id.uuidString, pair.uuidString, body: DecisionIn(isMatch: web.field("isMatch") == "true"),
                                 back: "/app/runs/\(id)/review", notice: "decided")
    }
}

/// What the run pages share.
enum WebRunPages {
    /// The review and match thresholds as marks on a weight axis, review first (none when the run has none).
    static func marks(_ t: LinkConfig.Thresholds?) -> [SVGChart.Mark] {
        guard let match = t?.match, let review = t?.review else { return [] }
        return [.init(at: FellegiSunterModel.weight(probability: review), label: "review from p \(String(format: "%.2f", review))"),
                .init(at: FellegiSunterModel.weight(probability: match), label: "links from p \(String(format: "%.2f", match))")]
    }
}
