import Foundation
import LinkhavenCore
import Vapor

/// Analyses and outputs: the protected figures, the disclosure check report, and the release
/// workflow (request, two reviews, data owners, publication).
func webOutputRoutes(_ app: Application) {
    app.page(.GET, "app", "projects", ":id", "analyses", "new") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return web.page("Run an analysis", analysisForm(web, project: id, errors: []))
    }

    app.page(.POST, "app", "projects", ":id", "analyses") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        var definition = AnalysisDefinition(kind: web.field("kind"), title: web.field("title"),
                                            population: [Condition(variable: web.field("population"), op: "=", value: web.field("populationValue"))])
        if definition.kind == "crosstab" { definition.rows = web.field("rows"); definition.columns = web.field("columns") }
        if web.field("level") == "household" { definition.level = "household" }
        if web.field("template") == "resilience" { definition = .resilienceView(level: web.field("level")) }
        if !web.field("definition").isEmpty {   // a whole definition, for regressions and matched comparisons
            do { definition = try web.decodeField(AnalysisDefinition.self, "definition") } catch let e as any AbortError {
                return web.page("Run an analysis", analysisForm(web, project: id, errors: [e.reason]))
            }
        }
        let o: OutputOut
        do { o = try await web.call(API.runAnalysis, id.uuidString, body: AnalysisIn(definition: definition)) } catch let e as any AbortError {
            return web.page("Run an analysis", analysisForm(web, project: id, errors: [e.reason]))
        }
        return WebContext.redirect("/app/outputs/\(o.id)?notice=analysis")
    }

    app.page(.GET, "app", "outputs", ":id") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let o = try await web.call(API.output, id.uuidString)
        let (banner, inForce) = try await web.agreementBanner(project: o.project)
        var body = banner + web.notice + HTML.summary([("Kind", o.definition.kind), ("Status", o.status.rawValue), ("Data from", o.datasets.joined(separator: ", ")),
                                              ("Population (rounded)", String(o.result.population))])
        body += OutputRendering.figures(o.result)
        // A map when the rows are small areas the project has boundaries for.
        if let boundaries = try? await web.call(API.boundaries, o.project.uuidString), let map = SVGMap.forOutput(o.result, boundaries: boundaries.text) {   // none: no map
            body += map
        }
        body += "<h2>Disclosure check</h2>" + (o.result.withheld ? HTML.errors(["This output failed a rule that protection cannot fix; it cannot be released."]) : "")
        body += HTML.table(caption: "What the check found and did", headers: ["Rule", "Row", "Column", "Action"],
                           rows: o.result.findings.map { [.text($0.rule), .text($0.row.isEmpty ? "(not recorded)" : $0.row), .text($0.column), .text($0.action)] })
        body += "<h2>Release</h2>" + HTML.table(caption: "Decisions", headers: ["Who", "Decision", "Note", "When"],
            rows: o.decisions.map { [.text($0.kind == "review" ? "Reviewer" : "Data owner"), .text($0.approve ? "Approved" : "Refused"), .text($0.note), .text(HTML.date($0.decidedAt))] })
        if !o.ownersPending.isEmpty && o.status == .requested {
            let names = Dictionary((try? await web.call(API.organisations))?.map { ($0.id, $0.name) } ?? [], uniquingKeysWith: { a, _ in a })
            body += "<p>Waiting for the data owners: " + HTML.esc(o.ownersPending.map { names[$0] ?? "an organisation" }.joined(separator: ", ")) + ".</p>"
        }
        let path = "/app/outputs/\(id)"
        if o.status == .checked, o.author == web.me.id, !o.result.withheld, inForce { body += HTML.button("Request release", action: path + "/request-release", csrf: web.csrf) }
        if o.status == .requested, o.author != web.me.id, !o.decisions.contains(where: { $0.user == web.me.id }), inForce {
            body += reviewForm(path, web.csrf)
        }
        if o.status == .released, web.me.role == .analyst, inForce { body += HTML.button("Publish as open data", action: path + "/publish", csrf: web.csrf) }
        if o.status == .published {
            body += "<p>Open data: " + [("CSV", API.openOutputCSV.path), ("JSON", API.openOutputJSON.path), ("GEOJSON", API.openOutputGeoJSON.path)].map { HTML.link($0, $1.filled([id.uuidString])) }.joined(separator: " · ") + "</p>"
        }
        return web.page(o.definition.title, body)
    }

    app.page(.POST, "app", "outputs", ":id", "request-release") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.requestRelease, id.uuidString, back: "/app/outputs/\(id)", notice: "requested")
    }
    app.page(.POST, "app", "outputs", ":id", "publish") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.publishOutput, id.uuidString, back: "/app/outputs/\(id)", notice: "published")
    }
    app.page(.POST, "app", "outputs", ":id", "decide") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let decision = ReleaseDecisionIn(approve: web.field("approve") == "true", note: web.field("note"))
        return try await web.act(web.field("as") == "owner" ? API.approveAsOwner : API.reviewOutput, id.uuidString, body: decision,
                                 back: "/app/outputs/\(id)", notice: "decided")
    }
}

func reviewForm(_ path: String, _ csrf: String) -> String {
    """
    <form method="post" action="\(path)/decide"><input type="hidden" name="csrf" value="\(HTML.esc(csrf))">
    <fieldset><legend>Your decision</legend>
    <label for="as">Deciding as</label><select id="as" name="as"><option value="review">Independent reviewer</option><option value="owner">Data owner for my organisation</option></select>
    <label for="approve">Decision</label><select id="approve" name="approve"><option value="true">Approve release</option><option value="false">Refuse release</option></select>
    <label for="note">Note</label><textarea id="note" name="note"></textarea></fieldset>
    <button class="button" id="decide">Record decision</button></form>
    """
}

func analysisForm(_ web: WebContext, project: UUID, errors: [String]) -> String {
    HTML.errors(errors) + """
        <form method="post" action="/app/projects/\(project)/analyses"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
        <label for="kind">Kind</label><select id="kind" name="kind"><option value="crosstab">Table (crosstab)</option><option value="cohort">Cohort</option></select>
        <label for="title">Title</label><input type="text" id="title" name="title">
        <label for="population">Population: who is counted<span class="hint">A variable such as in:school_readiness</span></label><input type="text" id="population" name="population" value="in:school_readiness">
        <label for="populationValue">equals</label><input type="text" id="populationValue" name="populationValue" value="Y">
        <label for="rows">Rows<span class="hint">e.g. school_readiness.small_area</span></label><input type="text" id="rows" name="rows">
        <label for="columns">Columns<span class="hint">e.g. school_readiness.school_ready or hh:police</span></label><input type="text" id="columns" name="columns">
        <label for="level">Count</label><select id="level" name="level"><option value="person">People</option><option value="household">Households</option></select>
        <button class="button">Run the analysis</button></form>
        <h2>Resilience view</h2><p>People or households known to several of the partners' services, by small area (1, 2 or 3+ services), drawn as a map once released.</p>
        <form method="post" action="/app/projects/\(project)/analyses"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))"><input type="hidden" name="template" value="resilience">
        <label for="resilience-level">Count</label><select id="resilience-level" name="level"><option value="person">People</option><option value="household">Households</option></select>
        <button class="button secondary" id="run-resilience">Run the resilience view</button></form>
        <details><summary>Or write the whole definition (regressions, matched comparisons)</summary>
        <form method="post" action="/app/projects/\(project)/analyses"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
        <label for="definition">Definition (JSON, as in the analysts' guide)</label><textarea id="definition" name="definition" rows="12"></textarea>
        <button class="button secondary" id="run-definition">Run this definition</button></form></details>
        """
}
