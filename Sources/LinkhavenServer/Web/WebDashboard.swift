import Foundation
import LinkhavenCore
import Vapor

/// The dashboard: what needs this user now, by what their role does (read by `Dashboard`).
func webDashboardRoutes(_ app: Application) {
    app.page(.GET, "app") { web in
        let d = try await Dashboard.load(web.req, for: try await web.caller())
        var body = web.notice
        if web.me.role == .orgAdmin { body += "<p>\(HTML.link("Manage your organisation's users", "/app/users"))</p>" }
        body += "<h2>What needs you</h2>"
        body += d.todo.isEmpty ? "<p>Nothing needs you now.</p>" : "<ul class=\"todo\">" + d.todo.map { "<li>\($0.html)</li>" }.joined() + "</ul>"
        body += "<h2>Your projects</h2>" + (d.projects.isEmpty ? "<p>You are not in any project yet.</p>" : HTML.table(
            caption: "Projects", headers: ["Project", "Partnership", "Your role"],
            rows: d.projects.map { [.raw(HTML.link($0.name, "/app/projects/\($0.id)")), .text($0.partnershipName), .text($0.role ?? "governance")] }))
        body += "<h2>Recent notifications</h2>" + (d.notifications.isEmpty ? "<p>None.</p>" : HTML.table(
            caption: "Notifications for your organisation", headers: ["When", "What"],
            rows: d.notifications.map { [.text(HTML.date($0.createdAt)), .text($0.subject)] }))
        return web.page("Dashboard", body)
    }
}

extension Dashboard.Todo {
    /// The item as a line of the dashboard's list, its links to the pages where it is done.
    var html: String {
        switch self {
        case let .reviewDue(id, title, date):
            "Agreement \(HTML.link(title, "/app/agreements/\(id)")) reaches its review date on \(HTML.esc(date))"
        case let .sign(id, title, project):
            "Sign the agreement \(HTML.link(title, "/app/agreements/\(id)")) for \(HTML.esc(project))"
        case let .approve(id, title):
            "Every party has signed \(HTML.link(title, "/app/agreements/\(id)")): approve it"
        case let .qualityIssue(id, name, description):
            "A data quality issue on \(HTML.link(name, "/app/datasets/\(id)")) awaits a new version: \(HTML.esc(description))"
        case let .reviewOutput(id, title):
            "Review the output \(HTML.link(title, "/app/outputs/\(id)")) for release"
        case let .ownerDecision(id, title):
            "As data owner, approve or refuse the release of \(HTML.link(title, "/app/outputs/\(id)"))"
        case let .incident(id, kind, dataset, status):
            (kind == .unpseudonymised ? "Breach incident" : "Incident (\(kind.label))") + (dataset.isEmpty ? "" : " on '\(HTML.esc(dataset))'")
                + " is \(HTML.esc(status)): \(HTML.link("follow it up", "/app/incidents/\(id)"))"
        case let .signDeclaration(id, name, version):
            "Sign the declaration of \(HTML.link(name, "/app/partnerships/\(id)")) (version \(version)) for your organisation"
        case let .decideAdmission(id, name, candidate):
            "\(HTML.esc(candidate)) is proposed to join \(HTML.link(name, "/app/partnerships/\(id)")): accept or refuse"
        case let .credential(organisation, scheme, expires, expired):
            "\(HTML.esc(organisation))'s \(HTML.esc(scheme)) \(expired ? "has expired" : "expires on " + HTML.date(expires))"
        }
    }
}
