import Foundation
import LinkhavenCore
import Vapor

/// The web interface: server-rendered pages over the API, under `/app`, with `/static/app.css`.
func webRoutes(_ app: Application) {
    app.get("static", "app.css") { _ -> Response in
        let r = Response.body(WebStyle.css, type: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]))
        r.headers.replaceOrAdd(name: .cacheControl, value: "max-age=3600")
        return r
    }
    app.get { _ in WebContext.redirect("/app") }
    webAuthRoutes(app)
    webDashboardRoutes(app)
    webProjectRoutes(app)
    webRunRoutes(app)
    webOutputRoutes(app)
    webAgreementDraftRoutes(app)
    webPartnershipRoutes(app)
    webPartnershipDetailRoutes(app)
    webAgreementVersionRoutes(app)
    webPublicationRoutes(app)
    webCatalogueRoutes(app)
    webSingleSignOnRoutes(app)
    webDropBoxRoutes(app)
    webAssessmentRoutes(app)
    webOperatorRoutes(app)
    webGovernanceExtraRoutes(app)
    webTokenRoutes(app)
    webAuditRoutes(app)
    webAgreementStatusRoutes(app)
    webUserAdminRoutes(app)
    webIncidentRoutes(app)
}

extension RoutesBuilder {
    /// A page for a signed-in user; anyone else is sent to sign in. An API refusal becomes a page
    /// saying why, with the API's status.
    @discardableResult
    func page(_ method: HTTPMethod, _ path: PathComponent..., handler: @escaping @Sendable (WebContext) async throws -> Response) -> Route {
        on(method, path) { req async throws -> Response in
            guard let web = try await WebContext.load(req) else { return WebContext.redirect("/sign-in") }
            if web.me.twoFactorEnrolmentRequired, !req.url.path.hasPrefix("/app/two-factor"), req.url.path != "/app/sign-out" {
                return WebContext.redirect("/app/two-factor")
            }
            if web.me.passwordChangeRequired, !req.url.path.hasPrefix("/app/password"), req.url.path != "/app/sign-out" {
                return WebContext.redirect("/app/password")
            }
            do {
                return try await handler(web)
            } catch let p as WebProblem {
                return web.problem(p)
            } catch let a as any AbortError {   // a refusal from a typed query the page called in process
                return web.problem(WebProblem(status: a.status, reason: a.reason))
            }
        }
    }
}

extension WebContext {
    /// Calls a contract endpoint in process and goes `back` with a notice (a refusal shows as the API's reason).
    func act<Body, Reply>(_ e: Endpoint<Body, Reply>, _ parameters: String..., body: Body, back: String, notice: String) async throws -> Response {
        _ = try await invoke(e, parameters, body: body, query: [])
        return WebContext.redirect(back, notice: notice)
    }

    /// Calls a contract endpoint that takes no body in process and goes `back` with a notice.
    func act<Reply>(_ e: Endpoint<NoBody, Reply>, _ parameters: String..., back: String, notice: String) async throws -> Response {
        _ = try await invoke(e, parameters, body: NoBody(), query: [])
        return WebContext.redirect(back, notice: notice)
    }

    /// A form field holding JSON, decoded strictly as the API decodes a body (unknown keys refused);
    /// the error names the field and line, never a value.
    func decodeField<T: Codable>(_ t: T.Type, _ name: String) throws -> T {
        try strictJSON(T.self, Data(field(name).utf8), name: name)
    }

    /// A date field (yyyy-mm-dd, or another form the provider tool reads) as midnight UTC, or a refusal
    /// saying how to enter `what`.
    func dayField(_ name: String, _ what: String) throws -> Date {
        guard let day = try? DateNormaliser().parse(field(name)) else { throw WebProblem(status: .unprocessableEntity, reason: "Enter \(what) as yyyy-mm-dd") }
        return Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400)
    }

    /// A page saying why the API refused, with its status.
    func problem(_ p: WebProblem) -> Response {
        WebContext.html(HTML.page(title: p.status == .notFound ? "Page not found" : "That could not be done", user: me.name, csrf: csrf,
                                  body: HTML.errors([p.reason]) + "<p>\(HTML.link("Back to your dashboard", "/app"))</p>"), status: p.status)
    }

    /// The notice a redirect asked for, from a fixed list (never text from the URL).
    var notice: String {
        let texts = ["signed": "You signed the agreement.", "submitted": "The agreement was submitted for approval.", "approved": "Done: approved.",
                     "run": "The linkage run was queued. This page shows its progress.", "decided": "Your decision was recorded.",
                     "requested": "Release was requested. Reviewers and data owners have been told.", "published": "The output was published as open data.",
                     "password": "Your password was changed.", "analysis": "The analysis ran; its disclosure check is below.", "updated": "Saved.", "incident": "The incident is recorded and every organisation affected has been told.",
                     "declaration": "You signed the declaration. Every member sees it on this page.",
                     "proposed": "The organisation is proposed. Each member's signatory has been asked to accept or refuse.",
                     "left": "Your organisation has left the partnership. Every member has been told.",
                     "ended": "The agreement has ended. The data shared under it was destroyed; every party has been told.",
                     "party": "The party is added: a new version, which every party signs again once it is submitted.",
                     "destroyed": "Destroyed, with everything derived from it. The signed certificate below lists what went.",
                     "suspended": "The agreement was suspended. Every party has been told.", "resumed": "The agreement was resumed. Every party has been told.",
                     "user": "Done. The change is in the audit trail with its reason.", "enrolled": "Your new authenticator is enrolled.",
                     "key": "The key is registered: compare its fingerprint with ssh-keygen -lf.", "revoked": "The key is revoked: it opens nothing from the next connection."]
        return (try? req.query.get(String.self, at: "notice")).flatMap { texts[$0] }.map(HTML.notice) ?? ""
    }

    /// A form field from a POST, trimmed.
    func field(_ name: String) -> String { ((try? req.content.get(String.self, at: name)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}
