import Foundation
import LinkhavenCore
import Vapor

/// Partnerships with their members and assurance credentials; an organisation's users, with the
/// one-time credentials (initial password, authenticator key, recovery codes) of a new one.
func webPartnershipRoutes(_ app: Application) {
    app.page(.GET, "app", "partnerships") { web in
        let partnerships = try await web.call(API.partnerships)
        let orgs = Dictionary((try await web.call(API.organisations)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let credentials = try await web.call(API.assurance)
        var body = ""
        for p in partnerships {
            body += "<h2>\(HTML.link(p.name, "/app/partnerships/\(p.id)"))</h2><p>\(HTML.esc(p.declaration))</p>"
                + "<p>\(HTML.link("Members, the declaration's versions and signatures, joining and leaving", "/app/partnerships/\(p.id)"))</p>"
            body += HTML.table(caption: "Members", headers: ["Organisation", "ICO registration", "Contact"],
                               rows: p.members.map { m in [.text(orgs[m]?.name ?? m.uuidString), .text(orgs[m]?.icoReference ?? ""), .text(orgs[m]?.contactEmail ?? "")] })
            if web.me.role == .orgAdmin { body += WebForms.newProject(partnership: p.id, csrf: web.csrf) }
        }
        body += HTML.table(caption: "Assurance credentials of your partners", headers: ["Organisation", "Scheme", "Reference", "Expires"],
                           rows: credentials.map { [.text($0.organisationName), .text($0.scheme), .text($0.reference),
                                                    .raw($0.expired ? HTML.tag("expired") : HTML.esc(HTML.date($0.expires)))] })
        if web.me.role == .orgAdmin, let org = web.me.organisationID { body += "<p>\(HTML.link("Your organisation's users", "/app/organisations/\(org)"))</p>" }
        return web.page("Partnerships", partnerships.isEmpty ? "<p>Your organisation is not in a partnership yet.</p>" : body)
    }

    app.page(.GET, "app", "organisations", ":org") { web in
        let org = try web.req.parameters.require("org", as: UUID.self)
        guard let o = try await web.call(API.organisations).first(where: { $0.id == org }) else { throw WebProblem(status: .notFound, reason: "no such organisation for you") }
        var body = web.notice + HTML.summary([("Address", o.address), ("ICO registration", o.icoReference), ("Contact", [o.contactEmail, o.contactPhone].filter { !$0.isEmpty }.joined(separator: ", "))])
        if web.me.role == .orgAdmin && web.me.organisationID == org {
            body += WebForms.credential(org: org, csrf: web.csrf) + (try await singleSignOnSection(web, org: org)) + (try await dropBoxSection(web, org: org))
        }
        if web.me.role == .operator_ { body += "<p>\(HTML.link("Its administrators: deactivate, reactivate, reset two-factor", "/app/users?org=\(org)"))</p>" }
        if web.me.role == .orgAdmin && web.me.organisationID == org || web.me.role == .operator_ {
            body += """
                <h2>Add a user</h2><form method="post" action="/app/organisations/\(org)/users"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
                <label for="name">Full name</label><input type="text" id="name" name="name">
                <label for="email">E-mail address</label><input type="email" id="email" name="email">
                <label for="role">Role</label><select id="role" name="role">\(Role.allCases.filter { $0 != .operator_ }.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined())</select>
                <label for="trainingDate">Date of their data protection training<span class="hint">yyyy-mm-dd</span></label><input type="text" id="trainingDate" name="trainingDate">
                <button class="button" id="add-user">Add user</button></form>
                """
        }
        return web.page(o.name, body)
    }

    app.page(.POST, "app", "organisations", ":org", "users") { web in
        let org = try web.req.parameters.require("org", as: UUID.self)
        let trainingDate = try web.dayField("trainingDate", "the training date")
        guard let role = Role(rawValue: web.field("role")) else { throw WebProblem(status: .unprocessableEntity, reason: "Choose the user's role") }
        let c = try await web.call(API.addUser, org.uuidString, body: UserIn(email: web.field("email"), name: web.field("name"), role: role, trainingDate: trainingDate))
        return web.page("User added: hand these over securely", """
            <p>These are shown once. Give them to \(HTML.esc(c.email)) in person or by a secure channel; they must change the password when they first sign in.</p>
            \(HTML.summary([("E-mail", c.email), ("Initial password", c.initialPassword)]))
            <h2>Two-factor set-up</h2><p>In an authenticator app (for example Microsoft or Google Authenticator), add an account with this key, or open the link on the phone:</p>
            <p class="secret">\(HTML.esc(c.totpSecret))</p><p><a href="\(HTML.esc(c.totpURI))">\(HTML.esc(c.totpURI))</a></p>
            <h2>Recovery codes</h2><p>Each works once, instead of a code from the app. Keep them somewhere safe.</p>
            <ul class="secret">\(c.recoveryCodes.map { "<li>\(HTML.esc($0))</li>" }.joined())</ul>
            """)
    }
}
