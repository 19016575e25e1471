import Foundation
import LinkhavenCore
import Vapor

/// An incident: what happened, who is affected, the 72-hour clock, the timeline, each partner's view
/// on reporting and the controller's decision, and the follow-up; and recording a new one.
func webIncidentRoutes(_ app: Application) {
    app.page(.GET, "app", "incidents", ":id") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let i = try await web.call(API.incident, id.uuidString)
        let names = Dictionary(((try? await web.call(API.organisations)) ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ o: UUID?) -> String { o.map { names[$0] ?? $0.uuidString } ?? "the platform" }
        let left = i.regulatorDeadline.timeIntervalSince(web.req.now) / 3600
        let clock = i.reportedToRegulator != nil ? "decided" : left >= 0 ? String(format: "%.0f hours left (due %@)", left, HTML.date(i.regulatorDeadline))
            : String(format: "overdue by %.0f hours (due %@)", -left, HTML.date(i.regulatorDeadline))
        var body = web.notice + "<p>\(HTML.esc(i.description))</p>" + HTML.summary([
            ("Kind", i.kind.label), ("Status", i.status.rawValue), ("Discovered", HTML.date(i.discoveredAt)), ("Recorded by", name(i.organisation)),
            ("Severity × likelihood", "\(i.severity) × \(i.likelihood) = \(i.risk) of 25"), ("Datasets", i.datasets.joined(separator: ", ")),
            ("Organisations affected", i.affected.map(name).joined(separator: ", ")), ("Decides on reporting", name(i.controller)),
            ("72-hour clock to the ICO", clock),
            ("Reported to the ICO", i.reportedToRegulator.map { $0 ? "Yes (\(i.regulatorReference))" : "Not reported" } ?? "Not yet decided"),
            ("Views awaited", i.viewsAwaited.isEmpty ? "none" : i.viewsAwaited.map(name).joined(separator: ", ")),
        ] + (i.closedAt.map { [("Closed on", HTML.date($0)), ("Cause", i.cause), ("Lessons learned", i.lessons)] } ?? []))
        if !i.findings.isEmpty {
            body += "<p>The file was rejected and every byte of it deleted. The findings say where, never what:</p>"
            body += HTML.table(caption: "What the breach guard found", headers: ["Column", "Where", "Detector", "Count", "Lines"],
                               rows: i.findings.map { [.text($0.column), .text($0.placement?.label ?? ""), .text($0.kind.label), .text(String($0.count)),
                                                       .text($0.lines.prefix(20).map(String.init).joined(separator: ", "))] }, numeric: [3])
        }
        body += HTML.table(caption: "Timeline", headers: ["When", "Who", "What", ""], rows: i.timeline.map { e in
            [.text(HTML.date(e.at)), .text(name(e.organisation)), .text(e.kind.rawValue),
             .text(e.text + (e.report.map { $0 ? " — report to the ICO" : " — no report" } ?? "") + (e.reference.map { " (\($0))" } ?? ""))]
        })
        if i.status != .closed { body += WebIncidentForms.all(i, web: web) }
        return web.page("Incident", body)
    }

    app.page(.GET, "app", "projects", ":id", "incidents", "new") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let p = try await web.call(API.project, id.uuidString)
        let datasets = try await web.call(API.datasets, id.uuidString)
        let partners = ((try? await web.call(API.organisations)) ?? []).filter { $0.id != web.me.organisationID }
        let now = web.req.now, day = AuditLog.formatter.format(now).prefix(10), time = AuditLog.formatter.format(now).dropFirst(11).prefix(5)
        func options(_ values: [(String, String)]) -> String { values.map { "<option value=\"\(HTML.esc($0.0))\">\(HTML.esc($0.1))</option>" }.joined() }
        func boxes(_ name: String, _ values: [(String, String)]) -> String {
            values.enumerated().map { n, v in
                "<label><input type=\"checkbox\" id=\"\(name)-\(n)\" name=\"\(name)[]\" value=\"\(HTML.esc(v.0))\"> \(HTML.esc(v.1))</label>"
            }.joined()
        }
        let scale = options((1...5).map { (String($0), String($0)) })
        let body = """
            <p>Record what happened in \(HTML.esc(p.name)). Every organisation affected is told at once. Never write a name, address or other identifier.</p>
            <form method="post" action="/app/projects/\(id)/incidents"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
            <label for="kind">Kind</label><select id="kind" name="kind">\(options(IncidentKind.allCases.map { ($0.rawValue, $0.label) }))</select>
            <label for="discovered">Discovered on (yyyy-mm-dd)</label><input type="text" id="discovered" name="discovered" value="\(day)">
            <label for="discoveredTime">At (hh:mm, UTC)</label><input type="text" id="discoveredTime" name="discoveredTime" value="\(time)">
            <label for="description">What happened</label><textarea id="description" name="description"></textarea>
            <fieldset><legend>Datasets affected</legend>\(boxes("datasets", datasets.map { ($0.name, $0.name) }))</fieldset>
            <fieldset><legend>Other organisations affected</legend>\(boxes("organisations", partners.map { ($0.id.uuidString, $0.name) }))</fieldset>
            <label for="severity">Severity of harm (1 lowest, 5 highest)</label><select id="severity" name="severity">\(scale)</select>
            <label for="likelihood">Likelihood of harm (1 lowest, 5 highest)</label><select id="likelihood" name="likelihood">\(scale)</select>
            <button class="button warning" id="record-incident">Record the incident</button></form>
            """
        return web.page("Record an incident", body)
    }

    app.page(.POST, "app", "projects", ":id", "incidents") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        guard let kind = IncidentKind(rawValue: web.field("kind")) else { throw WebProblem(status: .unprocessableEntity, reason: "Choose the kind of incident") }
        let parts = web.field("discoveredTime").split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
            throw WebProblem(status: .unprocessableEntity, reason: "Enter when it was discovered as hh:mm (UTC)")
        }
        let discovered = try web.dayField("discovered", "the day it was discovered").addingTimeInterval(Double(parts[0] * 3600 + parts[1] * 60))
        let list = { (name: String) in (try? web.req.content.get([String].self, at: name)) ?? [] }
        let input = IncidentIn(project: id, kind: kind, discoveredAt: discovered, description: web.field("description"), datasets: list("datasets"),
                               organisations: list("organisations").compactMap(UUID.init(uuidString:)),
                               severity: Int(web.field("severity")) ?? 0, likelihood: Int(web.field("likelihood")) ?? 0)
        let made = try await web.call(API.recordIncident, body: input)
        return WebContext.redirect("/app/incidents/\(made.id)?notice=incident")
    }

    app.page(.POST, "app", "incidents", ":id", "timeline") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        guard let kind = IncidentEntryKind(rawValue: web.field("kind")) else { throw WebProblem(status: .unprocessableEntity, reason: "Choose action, containment or note") }
        return try await web.act(API.addIncidentEntry, id.uuidString, body: IncidentEntryIn(kind: kind, text: web.field("text")),
                                 back: "/app/incidents/\(id)", notice: "updated")
    }

    app.page(.POST, "app", "incidents", ":id", "views") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.giveRegulatorView, id.uuidString, body: RegulatorViewIn(report: web.field("report") == "yes", reason: web.field("reason")),
                                 back: "/app/incidents/\(id)", notice: "updated")
    }

    app.page(.POST, "app", "incidents", ":id", "decision") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let reference = web.field("reference")
        return try await web.act(API.decideRegulator, id.uuidString, body: RegulatorViewIn(report: web.field("report") == "yes", reason: web.field("reason"),
                                                                                           reference: reference.isEmpty ? nil : reference),
                                 back: "/app/incidents/\(id)", notice: "updated")
    }

    app.page(.POST, "app", "incidents", ":id") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        guard let status = IncidentStatus(rawValue: web.field("status")) else {
            throw WebProblem(status: .unprocessableEntity, reason: "Choose the incident's status: investigating or closed")
        }
        return try await web.act(API.updateIncident, id.uuidString, body: IncidentUpdate(status: status, cause: web.field("cause"), lessons: web.field("lessons")),
                                 back: "/app/incidents/\(id)", notice: "updated")
    }
}

/// The incident page's forms, for whoever may use them (the API decides; a refusal is shown).
enum WebIncidentForms {
    static func all(_ i: IncidentOut, web: WebContext) -> String {
        let csrf = "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.esc(web.csrf))\">", id = i.id
        let org = web.me.organisationID, governs = [.orgAdmin, .signatory].contains(web.me.role)
        var html = """
            <h2>Add to the timeline</h2><form method="post" action="/app/incidents/\(id)/timeline">\(csrf)
            <label for="kind">What</label><select id="kind" name="kind"><option value="action">Action taken</option>
            <option value="containment">Containment</option><option value="note">Note</option></select>
            <label for="text">Details<span class="hint">Never a name, address or other identifier</span></label><textarea id="text" name="text"></textarea>
            <button class="button secondary">Add</button></form>
            """
        if governs, let org, i.viewsAwaited.contains(org) {
            html += """
                <h2>Your organisation's view on reporting to the ICO</h2><form method="post" action="/app/incidents/\(id)/views">\(csrf)
                <label for="view-report">Should it be reported?</label><select id="view-report" name="report"><option value="yes">Yes, report it</option>
                <option value="no">No report needed</option></select>
                <label for="view-reason">Why</label><textarea id="view-reason" name="reason"></textarea><button class="button">Give our view</button></form>
                """
        }
        if governs, org == i.controller, i.reportedToRegulator == nil {
            html += """
                <h2>Decide on reporting to the ICO</h2><form method="post" action="/app/incidents/\(id)/decision">\(csrf)
                <label for="decision-report">Decision</label><select id="decision-report" name="report"><option value="yes">Reported to the ICO</option>
                <option value="no">Not reported</option></select>
                <label for="reference">The ICO's reference, if reported</label><input type="text" id="reference" name="reference">
                <label for="decision-reason">Why</label><textarea id="decision-reason" name="reason"></textarea><button class="button">Record the decision</button></form>
                """
        }
        if (governs && org == i.controller) || web.me.role == .operator_ {
            html += """
                <h2>Follow it up</h2><form method="post" action="/app/incidents/\(id)">\(csrf)
                <label for="status">Status</label><select id="status" name="status"><option value="investigating">Investigating</option><option value="closed">Closed</option></select>
                <label for="cause">Cause</label><textarea id="cause" name="cause">\(HTML.esc(i.cause))</textarea>
                <label for="lessons">Lessons learned<span class="hint">Shared with every partner when the incident is closed</span></label><textarea id="lessons" name="lessons">\(HTML.esc(i.lessons))</textarea>
                <button class="button">Save</button></form>
                """
        }
        return html
    }
}
