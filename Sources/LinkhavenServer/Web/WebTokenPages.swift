import Foundation
import LinkhavenCore
import Vapor

/// API tokens for the provider tool: scoped to actions (and optionally a project and dataset),
/// expiring, shown once, revocable.
func webTokenRoutes(_ app: Application) {
    app.page(.GET, "app", "tokens") { web in
        let tokens = try await web.call(API.tokens)
        let projects = try await web.call(API.projects)
        var body = web.notice + "<p>The provider tool signs in with an API token: <code>LINKHAVEN_TOKEN</code> or a file with mode 0600. A token can only do what it allows.</p>"
        body += HTML.table(caption: "Your organisation's API tokens", headers: ["Name", "Allows", "Dataset", "Expires", ""],
            rows: tokens.map { t in [.text(t.name), .text(t.actions.map(\.rawValue).joined(separator: ", ")), .text(t.dataset ?? "any"),
                                     .raw(t.revoked ? HTML.tag("revoked") : HTML.esc(HTML.date(t.expires))),
                                     .raw(t.revoked ? "" : HTML.button("Revoke", action: "/app/tokens/\(t.id)/revoke", csrf: web.csrf, secondary: true))] })
        if [.provider, .orgAdmin].contains(web.me.role) {
            body += """
                <h2>Create a token</h2><form method="post" action="/app/tokens"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
                <label for="tokenName">Name<span class="hint">What it is for, e.g. housing uploads</span></label><input type="text" id="tokenName" name="name">
                <fieldset><legend>Allows</legend>\(TokenAction.allCases.map { "<label><input type=\"checkbox\" name=\"actions[]\" value=\"\($0.rawValue)\"> \($0.rawValue)</label>" }.joined())</fieldset>
                <label for="tokenProject">Project</label><select id="tokenProject" name="project"><option value="">Any of ours</option>\(projects.map { "<option value=\"\($0.id)\">\(HTML.esc($0.name))</option>" }.joined())</select>
                <label for="tokenDataset">Dataset<span class="hint">Leave blank for any</span></label><input type="text" id="tokenDataset" name="dataset">
                <label for="expiresInDays">Expires after, days (1 to 365)</label><input type="text" id="expiresInDays" name="expiresInDays" inputmode="numeric" value="30">
                <button class="button" id="create-token">Create the token</button></form>
                """
        }
        return web.page("API tokens", body)
    }

    app.page(.POST, "app", "tokens") { web in
        let actions = ((try? web.req.content.get([String].self, at: "actions")) ?? []).compactMap(TokenAction.init(rawValue:))
        let wanted = TokenIn(name: web.field("name"), project: UUID(uuidString: web.field("project")), dataset: web.field("dataset").isEmpty ? nil : web.field("dataset"),
                             actions: actions, expiresInDays: Int(web.field("expiresInDays")) ?? 0)
        let t = try await web.call(API.createToken, body: wanted)
        guard let secret = t.token else { throw WebProblem(status: .internalServerError, reason: "the token was created without its secret") }
        return web.page("Token created: copy it now", """
            <p>This is the only time the token is shown. Keep it in a file only you can read (mode 0600) or in LINKHAVEN_TOKEN.</p>
            <p class="secret" id="new-token">\(HTML.esc(secret))</p>\(HTML.summary([("Name", t.name), ("Allows", t.actions.map(\.rawValue).joined(separator: ", ")), ("Expires", HTML.date(t.expires))]))
            <p>\(HTML.link("Back to API tokens", "/app/tokens"))</p>
            """)
    }

    app.page(.POST, "app", "tokens", ":id", "revoke") { web in
        try await web.act(API.revokeToken, try web.req.parameters.require("id", as: UUID.self).uuidString, back: "/app/tokens", notice: "updated")
    }
}
