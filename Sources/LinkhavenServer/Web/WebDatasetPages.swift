import Foundation
import LinkhavenCore
import Vapor

/// A dataset: versions, retention, the data quality report with a chart, certificates; incidents.
func webDatasetRoutes(_ app: Application) {
    app.page(.GET, "app", "datasets", ":id") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let d = try await web.call(API.dataset, id.uuidString)
        var body = web.notice + HTML.summary([("Status", d.status.rawValue), ("Keep until", HTML.date(d.retainUntil)), ("Extensions used", String(d.extensionsUsed))])
        body += HTML.table(caption: "Versions", headers: ["Version", "Status", "Rows", "Accepted", "Content SHA-256"],
            rows: d.versions.reversed().map { [.text(String($0.number)), .raw(HTML.tag($0.status.rawValue)), .text(String($0.rows)), .text(HTML.date($0.acceptedAt)),
                                              .text(String($0.contentSHA256.prefix(16)) + "…")] }, numeric: [2])
        if let current = d.versions.last(where: { $0.status == .current }) {
            let q = try await web.call(API.versionQuality, id.uuidString, String(current.number))
            body += "<h2>Data quality of version \(current.number)</h2>"
            body += HTML.summary([("Rows", String(q.rows)), ("Rows with a match key", String(format: "%.1f%%", q.matchKeyCoverage * 100)),
                                  ("Repeated record tokens", String(q.duplicateRecordTokens))])
            if !q.warnings.isEmpty { body += "<ul>" + q.warnings.map { "<li>\(HTML.esc($0))</li>" }.joined() + "</ul>" }
            body += SVGChart.bars(title: "Completeness by column (share of rows filled)", labels: q.columns.map(\.name), values: q.columns.map(\.completeness),
                                  maximum: 1) { String(format: "%.0f%%", $0 * 100) }
            body += HTML.table(caption: "Completeness, validity and distinct values by column (the chart's figures)",
                               headers: ["Column", "Kind", "Filled", "Valid", "Distinct", "Range"],
                               rows: q.columns.map { c in [.text(c.name), .text(c.kind.rawValue), .text(String(format: "%.1f%%", c.completeness * 100)),
                                                           .text(String(format: "%.1f%%", c.validity * 100)), .text((c.distinctExact ? "" : "~") + String(c.distinct)),
                                                           .text([c.minimum, c.maximum].compactMap { $0 }.joined(separator: " … "))] }, numeric: [2, 3, 4])
        }
        let issues = try await web.call(API.qualityIssues, id.uuidString)
        body += "<h2>Data quality issues</h2>" + HTML.table(caption: "Issues raised by partners", headers: ["Version", "Issue", "Status"],
            rows: issues.map { [.text(String($0.version)), .text($0.description), .raw(HTML.tag($0.status.rawValue))] })
        if let current = d.versions.last(where: { $0.status == .current }) {
            body += """
                <form method="post" action="/app/datasets/\(id)/quality-issues"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
                <input type="hidden" name="version" value="\(current.number)">
                <label for="description">Raise an issue with version \(current.number)<span class="hint">Describe the problem; never paste data values</span></label>
                <textarea id="description" name="description"></textarea><button class="button secondary">Raise the issue</button></form>
                """
        }
        body += try await datasetGovernanceSections(web, dataset: d, issues: issues)
        let certificates = try await web.call(API.certificates, id.uuidString)
        body += "<h2>Destruction certificates</h2>" + HTML.table(caption: "Signed certificates (verify offline with linkhaven certificate verify)",
            headers: ["Destroyed", "Reason", "Clause", "What went", "Outputs kept", "File"],
            rows: certificates.enumerated().map { n, c in
                [.text(c.destroyedAt), .text(c.reason), .text(c.clause),
                 .text((c.destroyed ?? []).filter { $0.count > 0 }.map { "\($0.count) \($0.kind)" }.joined(separator: "; ")),
                 .text((c.kept ?? []).map { "\($0.title) (\($0.status))" }.joined(separator: "; ")),
                 .raw(HTML.link("Download", "/app/datasets/\(id)/certificates/\(n)"))]
            })
        if d.status == .active, [.orgAdmin, .signatory].contains(web.me.role) { body += WebForms.extend(dataset: id, csrf: web.csrf) }
        if d.status == .active, d.provider == web.me.organisationID, [.orgAdmin, .signatory, .provider].contains(web.me.role) {
            body += """
                <h2>Destroy early</h2><p>Destroys every version now (keys first, then files) and everything derived from it: the results of
                every linkage run that read it, clerical decisions on its records, and outputs not yet released. Released outputs
                (aggregates that passed disclosure control) stay. A signed certificate lists what went. This cannot be undone.</p>
                <form method="post" action="/app/datasets/\(id)/destroy"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
                <label for="confirm">Type destroy to confirm</label><input type="text" id="confirm" name="confirm" autocomplete="off">
                <button class="button warning">Destroy this dataset</button></form>
                """
        }
        return web.page("Dataset: \(d.name)", body)
    }
}
