import Crypto
import Fluent
import Foundation
import LinkhavenCore
import SQLKit
import Vapor

/// Signing in through the organisation's identity provider (OpenID Connect, Authorization Code with
/// PKCE): `/sso/start` sends the browser to the provider with a fresh state, nonce and code challenge,
/// bound to the browser by a cookie; `/sso/callback` takes the code once, exchanges it, checks the ID
/// token, finds the existing, active user it names in that organisation, and opens a session — or asks
/// for their authenticator code first when the provider's own MFA does not stand in for it (`/sso/code`).
func ssoRoutes(_ app: Application) {
    app.get("sso", "start") { req async throws -> Response in
        guard let org = try? req.query.get(UUID.self, at: "organisation"),
              let p = try await IdentityProvider.query(on: req.db).filter(\.$organisationID == org).first() else {
            return ssoProblem("Single sign-on is not set up for that organisation. Sign in with your password, or ask your organisation's administrator.",
                              status: .notFound)
        }
        let d: OIDCProvider.Discovery
        do { d = try await req.oidc.discover(p.issuer) } catch let a as any AbortError { return ssoProblem(a.reason + ". Try again later, or sign in with your password.", status: a.status) }
        // Sign-ins never finished are forgotten once they can no longer be used.
        try await SSOAttempt.query(on: req.db).filter(\.$createdAt < req.now.addingTimeInterval(-2 * SSOAttempt.lifetime)).delete()
        let state = SSOSecrets.random(), browser = SSOSecrets.random(), nonce = SSOSecrets.random(), verifier = SSOSecrets.random()
        let a = SSOAttempt()
        a.id = UUID(); a.stateHash = SSOSecrets.hash(state); a.browserHash = SSOSecrets.hash(browser); a.organisationID = org; a.nonce = nonce
        a.wrappedVerifier = try req.platform.masterKey.wrap(SymmetricKey(data: Data(verifier.utf8)), context: .ssoVerifier(a.requireID()))
        a.createdAt = req.now
        try await a.save(on: req.db)
        try await req.audit(nil, organisation: org.uuidString, action: "sso.start", object: "organisation/\(org)")
        var url = URLComponents(string: d.authorizationEndpoint)!
        url.queryItems = (url.queryItems ?? []) + [
            .init(name: "response_type", value: "code"), .init(name: "client_id", value: p.clientID), .init(name: "redirect_uri", value: req.ssoRedirectURI),
            .init(name: "scope", value: "openid email profile"), .init(name: "state", value: state), .init(name: "nonce", value: nonce),
            .init(name: "code_challenge", value: SSOSecrets.challenge(verifier)), .init(name: "code_challenge_method", value: "S256"),
        ]
        let r = WebContext.redirect(url.string!)
        r.cookies[SSOSecrets.cookie] = HTTPCookies.Value(string: browser, expires: req.now.addingTimeInterval(SSOAttempt.lifetime), maxAge: Int(SSOAttempt.lifetime),
                                                         path: "/sso", isSecure: WebContext.isSecure(req), isHTTPOnly: true, sameSite: .lax)
        return r
    }

    app.get("sso", "callback") { req async throws -> Response in
        if let error = try? req.query.get(String.self, at: "error") {
            let said = String(error.prefix(40).filter { $0.isLetter || $0 == "_" })
            return ssoProblem("Your organisation's identity provider did not sign you in (\(said)). Start again, or sign in with your password.", status: .unauthorized)
        }
        guard let code = try? req.query.get(String.self, at: "code"), let state = try? req.query.get(String.self, at: "state"),
              code.count <= 2_000, state.count <= 200 else {
            return ssoProblem("This page is where your identity provider sends you back; start from the sign-in page.", status: .badRequest)
        }
        do {
            let (attempt, provider) = try await req.takeAttempt(state: state)
            let verifier = String(decoding: try req.platform.masterKey.unwrap(attempt.wrappedVerifier, context: .ssoVerifier(attempt.requireID()))
                .withUnsafeBytes { Array($0) }, as: UTF8.self)
            let oidc = req.oidc, d = try await oidc.discover(provider.issuer)
            let token = try await oidc.idToken(d, code: code, verifier: verifier, redirectURI: req.ssoRedirectURI, clientID: provider.clientID,
                                               secret: try provider.clientSecret(req.platform.masterKey))
            let (named, mfa) = try await IDTokenCheck(provider: provider, nonce: attempt.nonce, now: req.now)
                .run(token, keys: { try await oidc.keys(d) }, refreshedKeys: { try await oidc.keys(d, refresh: true) })
            let user = try await req.ssoUser(named, organisation: provider.organisationID)
            if mfa { return try await req.ssoSession(user) }
            guard !user.totpWrapped.isEmpty, !user.totpEnrolmentRequired else {
                throw Abort(.forbidden, reason: "your identity provider did not check a second factor, and you have no authenticator set up here: "
                            + "sign in with your password to enrol one, or ask your organisation's administrator")
            }
            attempt.userID = try user.requireID(); attempt.verifiedAt = req.now
            try await attempt.save(on: req.db)
            return WebContext.html(HTML.page(title: "Your authenticator code", body: ssoCodeForm(state: state, errors: [])))
        } catch let a as any AbortError {
            return ssoProblem(a.reason + ".", status: a.status)
        }
    }

    app.post("sso", "code") { req async throws -> Response in
        let state = (try? req.content.get(String.self, at: "state")) ?? "", code = ((try? req.content.get(String.self, at: "code")) ?? "").replacingOccurrences(of: " ", with: "")
        do {
            let user = try await req.checkSSOCode(state: state, code: code)
            return try await req.ssoSession(user)
        } catch let a as any AbortError {
            return ssoProblem(a.reason + ".", status: a.status)
        }
    }
}

/// A page saying why single sign-on did not go through (`reason` as a sentence), with the way back.
func ssoProblem(_ reason: String, status: HTTPResponseStatus) -> Response {
    WebContext.html(HTML.page(title: "Single sign-on did not work", body: HTML.errors([reason.prefix(1).uppercased() + reason.dropFirst()])
                              + "<p>\(HTML.link("Back to sign in", "/sign-in"))</p>"), status: status)
}

func ssoCodeForm(state: String, errors: [String]) -> String {
    HTML.errors(errors) + """
        <p>Your organisation's identity provider signed you in. It did not check a second factor that Linkhaven accepts, so enter the code your
        authenticator app shows.</p>
        <form method="post" action="/sso/code"><input type="hidden" name="state" value="\(HTML.esc(state))">
        <label for="code">Code<span class="hint">6 digits from your authenticator app</span></label>
        <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code">
        <button class="button" id="sso-code">Continue</button></form>
        """
}
