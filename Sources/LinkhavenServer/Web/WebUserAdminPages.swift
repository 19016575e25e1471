import Foundation
import LinkhavenCore
import Vapor

/// An organisation admin's users page (status, role, last sign-in, training, sessions and tokens,
/// projects), each user's page with the lifecycle actions (reason and confirmation required), and
/// the enrolment of a new authenticator after a reset.
func webUserAdminRoutes(_ app: Application) {
    app.page(.GET, "app", "users") { web in
        guard let org = web.adminOrganisation else { throw WebProblem(status: .notFound, reason: "The operator manages organisation admins from the organisation's page") }
        let users = try await web.call(API.organisationUsers, org.uuidString)
        let leavers = users.filter { $0.status == .deactivated }
        var body = web.notice + HTML.table(caption: "Your organisation's users", headers: ["Name", "Role", "Status", "Last sign-in", "Training", "Sessions", "API tokens", "Projects"],
            rows: users.map { u in [.raw(HTML.link(u.name, "/app/users/\(u.id)" + web.orgQuery)), .text(u.role.rawValue), .raw(HTML.tag(u.status.rawValue)),
                                    .text(u.lastSignInAt.map { HTML.date($0) } ?? "never"), .text(HTML.date(u.trainingDate)), .text(String(u.sessions)),
                                    .text(String(u.tokens)), .text(u.projects.map { "\($0.name) (\($0.role))" }.joined(separator: ", "))] }, numeric: [5, 6])
        body += "<h2>Leavers</h2>" + (leavers.isEmpty ? "<p>Nobody has left.</p>" : HTML.table(caption: "Deactivated users and what they had access to",
            headers: ["Name", "Left", "Why", "Projects they were in"],
            rows: leavers.map { [.text($0.name), .text($0.deactivatedAt.map { HTML.date($0) } ?? ""), .text($0.reason), .text($0.projects.map(\.name).joined(separator: ", "))] }))
        return web.page("Users", body)
    }

    app.page(.GET, "app", "users", ":user") { web in
        let id = try web.req.parameters.require("user", as: UUID.self)
        guard let org = web.adminOrganisation else { throw WebProblem(status: .notFound, reason: "No such user") }
        guard let u = try await web.call(API.organisationUsers, org.uuidString).first(where: { $0.id == id }) else {
            throw WebProblem(status: .notFound, reason: "No such user in your organisation")
        }
        var body = web.notice + HTML.summary([("E-mail", u.email), ("Role", u.role.rawValue), ("Status", u.status.rawValue),
                                              ("Last sign-in", u.lastSignInAt.map { HTML.date($0) } ?? "never"), ("Training recorded", HTML.date(u.trainingDate)),
                                              ("Live sessions", String(u.sessions)), ("API tokens", String(u.tokens)), ("Last change", u.reason.isEmpty ? "none" : u.reason)])
        func form(_ action: String, _ label: String, _ confirm: String, extra: String = "") -> String {
            HTML.confirmedForm(action, action: "/app/users/\(id)/\(action)" + web.orgQuery, csrf: web.csrf, hint: "Kept in the audit trail",
                               confirm: confirm, button: label, warning: action == "deactivate", extra: extra)
        }
        if u.status.isRestorable {
            body += "<h2>Restore access</h2>" + form("reactivate", "Reactivate", "I confirm \(u.name) should have access again")
        } else {
            body += "<h2>Deactivate</h2><p>Every session and API token of theirs stops working at once.</p>"
                + form("deactivate", "Deactivate", "I confirm \(u.name) has left or must no longer have access")
        }
        let roles = Role.allCases.filter { $0 != .operator_ }.map { "<option value=\"\($0.rawValue)\"\($0 == u.role ? " selected" : "")>\($0.rawValue)</option>" }.joined()
        body += "<h2>Change role</h2>" + form("role", "Change role", "I confirm the new role", extra: "<label for=\"role\">Role</label><select id=\"role\" name=\"role\">\(roles)</select>")
        body += "<h2>Reset two-factor sign-in</h2><p>Their authenticator and recovery codes stop working; they enrol a new one at their next sign-in.</p>"
            + form("reset-two-factor", "Reset two-factor", "I confirm I checked who is asking")
        return web.page(u.name, body)
    }

    for action in ["deactivate", "reactivate", "reset-two-factor", "role"] {
        app.page(.POST, "app", "users", ":user", PathComponent(stringLiteral: action)) { web in
            let id = try web.req.parameters.require("user", as: UUID.self)
            guard let org = web.adminOrganisation else { throw WebProblem(status: .notFound, reason: "No such user") }
            try web.requireConfirmation()
            let back = "/app/users/\(id)" + web.orgQuery, reason = StatusChangeIn(reason: web.field("reason"))
            switch action {
            case "role":
                guard let role = Role(rawValue: web.field("role")) else { throw WebProblem(status: .unprocessableEntity, reason: "Choose one of the roles listed") }
                return try await web.act(API.changeUser, org.uuidString, id.uuidString, body: UserChangeIn(role: role, reason: web.field("reason")),
                                         back: back, notice: "user")
            case "deactivate": return try await web.act(API.deactivateUser, org.uuidString, id.uuidString, body: reason, back: back, notice: "user")
            case "reactivate": return try await web.act(API.reactivateUser, org.uuidString, id.uuidString, body: reason, back: back, notice: "user")
            default: return try await web.act(API.resetTwoFactor, org.uuidString, id.uuidString, body: reason, back: back, notice: "user")
            }
        }
    }

    app.page(.GET, "app", "two-factor") { web in
        web.page("Enrol your authenticator", """
            <p>Your organisation's administrator reset your two-factor sign-in. Enrol your authenticator app again before you continue.</p>
            \(HTML.button("Show my new authenticator key", action: "/app/two-factor", csrf: web.csrf))
            """)
    }

    app.page(.POST, "app", "two-factor") { web in
        let e = try await web.call(API.startTwoFactor)
        return web.page("Enrol your authenticator", """
            <p>Add this key to your authenticator app (or open the link on your phone), then enter the code it shows.</p>
            <p class="secret" id="totp-secret">\(HTML.esc(e.totpSecret))</p><p>\(HTML.link("Open in an authenticator app", e.totpURI))</p>
            <p>Your new recovery codes (each works once; keep them safe):</p><ul class="secret" id="recovery-codes">\(e.recoveryCodes.map { "<li>\(HTML.esc($0))</li>" }.joined())</ul>
            \(enrolForm(web, errors: []))
            """)
    }

    app.page(.POST, "app", "two-factor", "confirm") { web in
        do {
            _ = try await web.call(API.confirmTwoFactor, body: EnrolmentConfirmIn(code: web.field("code")))
        } catch let refused as any AbortError {
            return web.page("Enrol your authenticator", enrolForm(web, errors: [refused.reason]))
        }
        return WebContext.redirect("/app?notice=enrolled")
    }
}

extension WebContext {
    /// The organisation whose users the page manages: the admin's own; for the operator, `?org=` (its admins only).
    var adminOrganisation: UUID? { me.organisationID ?? (try? req.query.get(UUID.self, at: "org")) }
    /// `?org=…` for the operator's links and forms, so that they stay on the same organisation.
    var orgQuery: String { me.organisationID == nil ? adminOrganisation.map { "?org=\($0)" } ?? "" : "" }
}

private func enrolForm(_ web: WebContext, errors: [String]) -> String {
    HTML.errors(errors) + """
        <form method="post" action="/app/two-factor/confirm"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
        <label for="code">Code<span class="hint">6 digits from your authenticator app</span></label><input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code">
        <button class="button" id="enrol">Confirm</button></form>
        """
}
