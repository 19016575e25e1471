import Foundation
import LinkhavenCore
import Vapor

/// The dashboard: what needs this user now, by what their role does.
func webDashboardRoutes(_ app: Application) {
    app.page(.GET, "app") { web in
        var todo: [String] = []
        let projects = try await web.get([ProjectSummary].self, "projects")
        for a in try await web.get([AgreementOut].self, "agreements/reminders") {
            todo.append("Agreement \(HTML.link(a.document.title, "/app/agreements/\(a.id)")) reaches its review date on \(HTML.esc(a.document.reviewDate))")
        }
        for p in projects {
            for a in try await web.get([AgreementOut].self, "projects/\(p.id)/agreements") {
                if a.status == "FOR APPROVAL", web.me.role == .signatory, let org = web.me.organisationID, !a.signedBy.contains(org) {
                    todo.append("Sign the agreement \(HTML.link(a.document.title, "/app/agreements/\(a.id)")) for \(HTML.esc(p.name))")
                }
                if a.status == "FOR APPROVAL", [.orgAdmin, .signatory].contains(web.me.role), web.me.organisationID == a.owner, a.signedBy.count == a.parties.count {
                    todo.append("Every party has signed \(HTML.link(a.document.title, "/app/agreements/\(a.id)")): approve it")
                }
            }
            for d in try await web.get([DatasetOut].self, "projects/\(p.id)/datasets") where d.provider == web.me.organisationID {
                for i in try await web.get([QualityIssueOut].self, "datasets/\(d.id)/quality-issues") where i.status == "open" {
                    todo.append("A data quality issue on \(HTML.link(d.name, "/app/datasets/\(d.id)")) awaits a new version: \(HTML.esc(i.description))")
                }
            }
            for o in try await web.get([OutputOut].self, "projects/\(p.id)/outputs") where o.status == "requested" {
                let decided = o.decisions.contains { $0.user == web.me.id }
                if ["analyst", "reviewer"].contains(p.role ?? ""), o.author != web.me.id, !decided {
                    todo.append("Review the output \(HTML.link(o.definition.title, "/app/outputs/\(o.id)")) for release")
                }
                if let org = web.me.organisationID, o.ownersPending.contains(org), [.orgAdmin, .signatory, .provider].contains(web.me.role) {
                    todo.append("As data owner, approve or refuse the release of \(HTML.link(o.definition.title, "/app/outputs/\(o.id)"))")
                }
            }
        }
        for i in try await web.get([IncidentOut].self, "incidents") where i.status != "closed" {
            todo.append("Breach incident on '\(HTML.esc(i.dataset))' is \(HTML.esc(i.status)): \(HTML.link("follow it up", "/app/incidents/\(i.id)"))")
        }
        for c in try await web.get([CredentialOut].self, "assurance") where c.expired || c.expires < Date().addingTimeInterval(60 * 86_400) {
            todo.append("\(HTML.esc(c.organisationName))'s \(HTML.esc(c.scheme)) \(c.expired ? "has expired" : "expires on " + HTML.date(c.expires))")
        }
        let notes = try await web.get([NotificationOut].self, "notifications?limit=10")
        var body = web.notice + "<h2>What needs you</h2>"
        if web.me.role == .orgAdmin { body = web.notice + "<p>\(HTML.link("Manage your organisation's users", "/app/users"))</p><h2>What needs you</h2>" }
        body += todo.isEmpty ? "<p>Nothing needs you now.</p>" : "<ul class=\"todo\">" + todo.map { "<li>\($0)</li>" }.joined() + "</ul>"
        body += "<h2>Your projects</h2>" + (projects.isEmpty ? "<p>You are not in any project yet.</p>" : HTML.table(
            caption: "Projects", headers: ["Project", "Partnership", "Your role"],
            rows: projects.map { [.raw(HTML.link($0.name, "/app/projects/\($0.id)")), .text($0.partnershipName), .text($0.role ?? "governance")] }))
        body += "<h2>Recent notifications</h2>" + (notes.isEmpty ? "<p>None.</p>" : HTML.table(
            caption: "Notifications for your organisation", headers: ["When", "What"],
            rows: notes.map { [.text(HTML.date($0.createdAt)), .text($0.subject)] }))
        return web.page("Dashboard", body)
    }
}
