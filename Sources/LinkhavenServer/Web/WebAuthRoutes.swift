import Foundation
import Fluent
import Vapor

/// Sign in (password and a code from the authenticator app, or a recovery code), sign out, and
/// the forced password change.
func webAuthRoutes(_ app: Application) {
    app.get("sign-in") { req in try await signInPage(req, errors: [], singleSignOn: try await singleSignOnOrganisations(req)) }

    app.post("sign-in") { req async throws -> Response in
        let email = ((try? req.content.get(String.self, at: "email")) ?? "").trimmingCharacters(in: .whitespaces)
        // A form this browser was not shown by this server (another site's, or one whose cookie has gone) signs no one in.
        guard SignInForm.isGenuine(req) else {
            try await req.audit(nil, organisation: nil, action: "session.create", object: "session", outcome: "denied: sign-in form not shown by this server")
            return try await signInPage(req, errors: ["The sign-in form had expired or came from another site: sign in again here"], email: email, status: .forbidden)
        }
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let code = ((try? req.content.get(String.self, at: "code")) ?? "").replacingOccurrences(of: " ", with: "")
        var errors: [String] = []
        if email.isEmpty { errors.append("Enter your e-mail address") }
        if password.isEmpty { errors.append("Enter your password") }
        guard errors.isEmpty else { return try await signInPage(req, errors: errors, email: email, status: .unprocessableEntity) }
        // Without a code only a user whose two-factor sign-in was reset gets in (to enrol a new authenticator).
        // This browser's device token, if its owner signed in here before: a lock others put on the account does not keep them out.
        var device: [(String, String)] = []
        if let token = req.cookies[TrustedDevice.cookie]?.string { device.append((TrustedDevice.header, token)) }
        let r = try await WebContext.send(req, token: nil, API.signIn, body: SignIn(email: email, password: password, code: code), headers: device)
        guard r.status == .created, let s = try? r.json(SessionOut.self) else {
            if code.isEmpty, r.status == .unauthorized {
                return try await signInPage(req, errors: ["Enter the 6-digit code from your authenticator app, or a recovery code"], email: email, status: .unprocessableEntity)
            }
            return try await signInPage(req, errors: [r.error.isEmpty ? "Sign-in failed" : r.error.prefix(1).uppercased() + r.error.dropFirst()], email: email, status: r.status)
        }
        let response = WebContext.redirect(s.twoFactorEnrolmentRequired ? "/app/two-factor" : s.passwordChangeRequired ? "/app/password" : "/app")
        response.cookies[WebContext.cookie] = WebContext.sessionCookie(req, token: s.token)
        response.cookies[SignInForm.cookie] = SignInForm.ended
        if let token = s.device {
            response.cookies[TrustedDevice.cookie] = HTTPCookies.Value(string: token, expires: Date().addingTimeInterval(365 * 86_400), maxAge: 365 * 86_400,
                                                                       isSecure: WebContext.isSecure(req), isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    app.page(.POST, "app", "sign-out") { web in
        _ = try await web.call(API.signOut)
        let r = WebContext.redirect("/sign-in")
        r.cookies[WebContext.cookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), isHTTPOnly: true, sameSite: .strict)
        return r
    }

    app.page(.GET, "app", "password") { web in
        web.page("Change your password", web.notice + passwordForm(web, errors: []))
    }

    app.page(.POST, "app", "password") { web in
        let new = web.field("newPassword")
        guard new == web.field("confirmPassword") else { return web.page("Change your password", passwordForm(web, errors: ["The new passwords do not match"])) }
        do {
            _ = try await web.call(API.changePassword, body: PasswordChange(currentPassword: web.field("currentPassword"), newPassword: new))
        } catch let refused as any AbortError {
            return web.page("Change your password", passwordForm(web, errors: [refused.reason]))
        }
        return WebContext.redirect("/app?notice=password")
    }
}

/// The organisations whose users can sign in through their own identity provider, by name.
func singleSignOnOrganisations(_ req: Request) async throws -> [(UUID, String)] {
    let ids = try await IdentityProvider.query(on: req.db).all().map(\.organisationID)
    guard !ids.isEmpty else { return [] }
    return try await Organisation.query(on: req.db).filter(\.$id ~~ ids).sort(\.$name).all().map { (try $0.requireID(), $0.name) }
}

/// The sign-in page as a response, its form carrying the token of this browser's form nonce (`SignInForm`).
func signInPage(_ req: Request, errors: [String], email: String = "", singleSignOn: [(UUID, String)] = [],
                status: HTTPResponseStatus = .ok) async throws -> Response {
    let (nonce, fresh) = SignInForm.nonce(for: req)
    let response = WebContext.html(signInPage(errors: errors, email: email, singleSignOn: singleSignOn, formToken: SignInForm.token(req, nonce: nonce)),
                                   status: status)
    if fresh { response.cookies[SignInForm.cookie] = SignInForm.value(req, nonce: nonce) }
    return response
}

func signInPage(errors: [String], email: String = "", singleSignOn: [(UUID, String)] = [], formToken: String) -> String {
    let sso = singleSignOn.isEmpty ? "" : """
        <h2>Sign in with your organisation</h2>
        <form method="get" action="/sso/start"><label for="organisation">Your organisation</label><select id="organisation" name="organisation">
        \(singleSignOn.map { "<option value=\"\($0.0)\">\(HTML.esc($0.1))</option>" }.joined())</select>
        <button class="button secondary" id="sign-in-sso">Sign in with your organisation</button></form>
        <h2>Or with your Linkhaven password</h2>
        """
    return HTML.page(title: "Sign in", body: HTML.errors(errors) + sso + """
        <p>Use the e-mail address your organisation registered, your password, and the code your authenticator app shows
        (or one of your single-use recovery codes).</p>
        <form method="post" action="/sign-in" novalidate><input type="hidden" name="csrf" value="\(HTML.esc(formToken))">
        <label for="email">E-mail address</label><input type="email" id="email" name="email" autocomplete="username" value="\(HTML.esc(email))">
        <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password">
        <label for="code">Code<span class="hint">6 digits from your authenticator app, or a recovery code such as abcd-efgh</span></label>
        <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code">
        <button class="button" id="sign-in">Sign in</button></form>
        <p>New users get their initial password, authenticator key and recovery codes from their organisation's administrator.
        Sessions end after 30 minutes without activity.</p>
        """)
}

func passwordForm(_ web: WebContext, errors: [String]) -> String {
    HTML.errors(errors) + (web.me.passwordChangeRequired ? "<p>Your password must be changed before you continue.</p>" : "") + """
        <form method="post" action="/app/password"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
        <label for="currentPassword">Current password</label><input type="password" id="currentPassword" name="currentPassword" autocomplete="current-password">
        <label for="newPassword">New password<span class="hint">At least 12 characters</span></label><input type="password" id="newPassword" name="newPassword" autocomplete="new-password">
        <label for="confirmPassword">New password again</label><input type="password" id="confirmPassword" name="confirmPassword" autocomplete="new-password">
        <button class="button">Change password</button></form>
        """
}

extension WebContext {
    /// The session cookie: HTTP only, same-site strict, and `Secure` (see `isSecure`).
    static func sessionCookie(_ req: Request, token: String) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, isSecure: isSecure(req), isHTTPOnly: true, sameSite: .strict)
    }

    /// Whether cookies set in reply to `req` are `Secure`: as `LINKHAVEN_SECURE_COOKIES` says; by default everywhere
    /// but local development (a browser on this machine, directly, over plain HTTP: the demo), whatever the request
    /// claims about itself unless a trusted proxy says it.
    static func isSecure(_ req: Request) -> Bool {
        switch req.platform.config.secureCookies {
        case .always: true
        case .never: false
        case .auto, .invalid: !req.origin.localDevelopment
        }
    }
}
