import Foundation
import LinkhavenCore
import Vapor

/// The data catalogue for members (`/catalogue`, `/app/catalogue`): every dataset shared in the
/// organisation's partnerships, and for each dataset it holds, a form to describe it.
func webCatalogueRoutes(_ app: Application) {
    app.get("catalogue") { _ in WebContext.redirect("/app/catalogue") }
    app.page(.GET, "app", "catalogue") { web in
        let entries = try await web.call(API.catalogue)
        var body = web.notice + """
            <p>Every dataset shared in your organisation's partnerships: who holds it, what it is, its fields and what they mean, what it
            covers, how often it is refreshed, the boundaries it can be mapped to, its latest data-quality summary and when it must be destroyed.
            The public sees the same on the <a href="/register">transparency register</a>, without quality figures or retention dates.</p>
            """
        if entries.isEmpty { body += "<p>No dataset is shared under an agreement every party has signed yet.</p>" }
        for (project, datasets) in Dictionary(grouping: entries, by: \.project).sorted(by: { $0.value[0].projectName < $1.value[0].projectName }) {
            body += "<h2>\(HTML.esc(datasets[0].projectName)) <span class=\"hint\">\(HTML.esc(datasets[0].partnership))</span></h2>"
            for d in datasets { body += entry(d, project: project, web: web) }
        }
        return web.page("Data catalogue", body)
    }
    app.page(.POST, "app", "projects", ":id", "catalogue", ":dataset") { web in
        let id = try web.req.parameters.require("id", as: UUID.self), dataset = try web.req.parameters.require("dataset")
        var definitions: [String: String] = [:]
        for line in web.field("definitions").split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { throw WebProblem(status: .unprocessableEntity, reason: "Write each definition as 'field: what it means'") }
            definitions[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let frequency = UpdateFrequency(rawValue: web.field("frequency")) else { throw WebProblem(status: .unprocessableEntity, reason: "Choose how often it is updated") }
        let input = CatalogueEntryIn(description: web.field("description"), coverageArea: web.field("area"), periodStart: web.field("periodStart"),
                                     periodEnd: web.field("periodEnd"), updateFrequency: frequency, definitions: definitions)
        return try await web.act(API.describeDataset, id.uuidString, dataset, body: input, back: "/app/catalogue#dataset-\(id.uuidString.lowercased())-\(dataset)",
                                 notice: "updated")
    }
}

/// One dataset: what its holder says, its fields, its quality and retention; the form if the viewer holds it.
private func entry(_ d: CatalogueDataset, project: UUID, web: WebContext) -> String {
    let anchor = "dataset-\(project.uuidString.lowercased())-\(d.dataset)"
    var html = "<h3 id=\"\(anchor)\">\(HTML.esc(d.dataset)) <span class=\"hint\">held by \(HTML.esc(d.holder))</span></h3>"
    let quality = d.quality.map { q in
        "version \(q.version) of \(HTML.date(q.acceptedAt)): \(q.rows) rows, \(String(format: "%.1f", q.matchKeyCoverage * 100))% with a match key, "
            + "\(q.duplicateRecordTokens) duplicate record tokens" + (q.leastComplete.map { c in ", least complete field \(c) (\(String(format: "%.0f", (q.leastCompleteness ?? 0) * 100))%)" } ?? "")
            + (q.warnings.isEmpty ? "" : "; " + q.warnings.joined(separator: "; "))
    } ?? "no version uploaded yet"
    html += HTML.summary([("Description", d.description.isEmpty ? "not described yet" : d.description), ("Area covered", d.coverageArea),
                          ("Period covered", [d.periodStart, d.periodEnd].map { $0 ?? "…" }.joined(separator: " to ")),
                          ("Updated", d.updateFrequency?.rawValue ?? "not said"),
                          ("Can be mapped to", d.boundaries.isEmpty ? "no boundaries" : d.boundaries.joined(separator: "; ")),
                          ("Latest data quality", quality), ("Destroy by", d.retainUntil.map(HTML.date) ?? "nothing held")])
    html += HTML.table(caption: "Fields of \(d.dataset)", headers: ["Field", "Category", "Definition"],
                       rows: d.fields.map { [.text($0.name), .text($0.category.rawValue), .text($0.definition ?? "")] })
    guard d.holderID == web.me.organisationID, [.orgAdmin, .provider].contains(web.me.role) else { return html }
    let frequencies = UpdateFrequency.allCases.map { f in "<option value=\"\(f.rawValue)\"\(d.updateFrequency == f ? " selected" : "")>\(f.rawValue)</option>" }.joined()
    let definitions = d.fields.compactMap { f in f.definition.map { "\(f.name): \($0)" } }.joined(separator: "\n")
    let id = "\(d.dataset)-"
    html += """
        <details><summary>Describe \(HTML.esc(d.dataset)) for the catalogue</summary>
        <form method="post" action="/app/projects/\(project)/catalogue/\(HTML.esc(d.dataset))"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
        <label for="\(id)description">What the dataset is (no names or other identifiers)</label><textarea id="\(id)description" name="description">\(HTML.esc(d.description))</textarea>
        <label for="\(id)area">Area covered</label><input type="text" id="\(id)area" name="area" value="\(HTML.esc(d.coverageArea))">
        <label for="\(id)periodStart">Period from (yyyy-mm-dd)</label><input type="text" id="\(id)periodStart" name="periodStart" value="\(HTML.esc(d.periodStart ?? ""))">
        <label for="\(id)periodEnd">Period to (yyyy-mm-dd)</label><input type="text" id="\(id)periodEnd" name="periodEnd" value="\(HTML.esc(d.periodEnd ?? ""))">
        <label for="\(id)frequency">Updated</label><select id="\(id)frequency" name="frequency">\(frequencies)</select>
        <label for="\(id)definitions">Field definitions, one per line as 'field: what it means'<span class="hint">fields: \(HTML.esc(d.fields.map(\.name).joined(separator: ", ")))</span></label>
        <textarea id="\(id)definitions" name="definitions" rows="8">\(HTML.esc(definitions))</textarea>
        <button class="button" id="\(id)describe">Save the description</button></form></details>
        """
    return html
}
