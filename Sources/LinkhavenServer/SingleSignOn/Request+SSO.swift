import Crypto
import Fluent
import Foundation
import LinkhavenCore
import SQLKit
import Vapor

/// Random values, hashes and the cookie of a single sign-on.
enum SSOSecrets {
    static let cookie = "lh_sso"
    static func random() -> String { Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }) }
    static func hash(_ s: String) -> String { Hex.encode(SHA256.hash(data: Array(s.utf8))) }
    /// RFC 7636 S256: the base64url SHA-256 of the verifier.
    static func challenge(_ verifier: String) -> String { Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8)))) }
}

extension Request {
    /// The sign-in `state` names, taken once (an atomic update: a replayed state finds it used), from the
    /// browser that started it, within its lifetime; and its organisation's provider.
    func takeAttempt(state: String) async throws -> (SSOAttempt, IdentityProvider) {
        let expired = Abort(.unauthorized, reason: "this sign-in has expired or was already used; start again from the sign-in page")
        guard let a = try await SSOAttempt.query(on: db).filter(\.$stateHash == SSOSecrets.hash(state)).first() else { throw expired }
        guard let browser = cookies[SSOSecrets.cookie]?.string, ConstantTime.equal(Array(SSOSecrets.hash(browser).utf8), Array(a.browserHash.utf8)) else {
            try await audit(nil, organisation: a.organisationID.uuidString, action: "sso.callback", object: "organisation/\(a.organisationID)", outcome: "denied: another browser")
            throw Abort(.unauthorized, reason: "this sign-in was started in another browser; start again from the sign-in page")
        }
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let taken = try await sql.raw("""
            UPDATE sso_attempts SET used_at = \(bind: now) WHERE id = \(bind: try a.requireID()) AND used_at IS NULL AND created_at > \(bind: now.addingTimeInterval(-SSOAttempt.lifetime))
            RETURNING id
            """).all()
        guard !taken.isEmpty, let p = try await IdentityProvider.query(on: db).filter(\.$organisationID == a.organisationID).first() else {
            try await audit(nil, organisation: a.organisationID.uuidString, action: "sso.callback", object: "organisation/\(a.organisationID)", outcome: "denied: state used or expired")
            throw expired
        }
        a.usedAt = now
        return (a, p)
    }

    /// The existing user of `organisation` the provider named, if their account may sign in now.
    func ssoUser(_ named: String, organisation: UUID) async throws -> User {
        guard let user = try await User.query(on: db).filter(\.$organisation.$id == organisation).filter(\.$email == named.lowercased()).first() else {
            try await audit(nil, organisation: organisation.uuidString, action: "session.create.sso", object: "organisation/\(organisation)", outcome: "denied: unknown user")
            platform.metrics.signInRefused(.singleSignOn)
            throw Abort(.forbidden, reason: "your identity provider signed you in, but your organisation has no Linkhaven user with that identity: "
                        + "ask your organisation's administrator to add you, with the e-mail address your identity provider gives, before signing in this way")
        }
        let userID = try user.requireID(), config = platform.config
        if let until = user.lockedUntil, until > now {
            platform.metrics.signInRefused(.locked)
            try await audit(nil, organisation: organisation.uuidString, action: "session.create.sso", object: "user/\(userID)", outcome: "denied: locked")
            throw Abort(.locked, reason: "too many failed sign-ins; try again later or ask your organisation admin")
        }
        let state = user.accessState(config: config, now: now)
        if let ended = User.accessEnded(state, config: config) {
            platform.metrics.signInRefused(.accessEnded)
            try await audit(nil, organisation: organisation.uuidString, action: "session.create.sso", object: "user/\(userID)", outcome: "denied: \(state.rawValue)")
            throw Abort(.forbidden, reason: ended + "; " + (try await Accounts.restorers(of: user, on: db)))
        }
        return user
    }

    /// The authenticator code of a sign-in the provider vouched for: one try, counted by the lockout.
    func checkSSOCode(state: String, code: String) async throws -> User {
        let expired = Abort(.unauthorized, reason: "this sign-in has expired or was already used; start again from the sign-in page")
        guard state.count <= 200, code.count <= 40, let a = try await SSOAttempt.query(on: db).filter(\.$stateHash == SSOSecrets.hash(state)).first(),
              let browser = cookies[SSOSecrets.cookie]?.string, ConstantTime.equal(Array(SSOSecrets.hash(browser).utf8), Array(a.browserHash.utf8)),
              let userID = a.userID, let verified = a.verifiedAt, verified > now.addingTimeInterval(-SSOAttempt.lifetime),
              let sql = db as? any SQLDatabase else { throw expired }
        let taken = try await sql.raw("UPDATE sso_attempts SET code_checked_at = \(bind: now) WHERE id = \(bind: try a.requireID()) AND code_checked_at IS NULL RETURNING id").all()
        guard !taken.isEmpty, let user = try await User.find(userID, on: db) else { throw expired }
        let config = platform.config, org = user.$organisation.id?.uuidString
        let claim = try await platform.signInGate.claim(userID, now: now, max: config.maxFailedSignIns, lockout: config.lockout, on: db)
        guard case .claimed(let attempt) = claim else {
            platform.metrics.signInRefused(.locked)
            try await audit(nil, organisation: org, action: "session.create.sso", object: "user/\(userID)", outcome: "denied: locked")
            throw Abort(.locked, reason: "too many failed sign-ins; try again later or ask your organisation admin")
        }
        guard let secret = Accounts.totpSecret(of: user, key: platform.masterKey), TOTP.verify(code, secret: secret, time: Int64(now.timeIntervalSince1970)) else {
            platform.metrics.signInRefused(.wrongCredentials)
            if attempt >= config.maxFailedSignIns { platform.metrics.lockedOut() }
            try await audit(nil, organisation: org, action: "session.create.sso", object: "user/\(userID)", outcome: "denied")
            throw Abort(.unauthorized, reason: "that code is wrong; start again from the sign-in page")
        }
        return try await ssoUser(user.email, organisation: a.organisationID)
    }

    /// A session for a user the provider signed in, as a page that moves on to the dashboard (a same-site
    /// step, so that the strict session cookie goes with it).
    func ssoSession(_ user: User) async throws -> Response {
        let s = try await openSession(user, SignInCheck(usedRecovery: false, enrolling: false, singleSignOn: true))
        let next = s.passwordChangeRequired ? "/app/password" : "/app"
        let r = WebContext.html(HTML.page(title: "Signed in", head: "<meta http-equiv=\"refresh\" content=\"0;url=\(next)\">",
                                          body: "<p>You are signed in through your organisation. \(HTML.link("Continue to your dashboard", next))</p>"))
        r.cookies[WebContext.cookie] = WebContext.sessionCookie(self, token: s.token)
        r.cookies[SSOSecrets.cookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/sso", isHTTPOnly: true, sameSite: .lax)
        return r
    }
}

extension Request {
    /// The redirect URI registered with every provider: the configured public address (never the Host a
    /// request names), `LINKHAVEN_PUBLIC_URL` + `/sso/callback`.
    var ssoRedirectURI: String { platform.config.publicURL.trimmingSuffix("/") + "/sso/callback" }
}
