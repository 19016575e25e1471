import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Single sign-on through an organisation's own OpenID provider — a real one (django-oidc-provider)
/// started on 127.0.0.1, its users signing in at its own login form: the admin configures it; a known,
/// active user with the provider's MFA gets a session; a state is taken once and only by the browser that
/// started it; an unknown or deactivated user is refused saying what to do; without the provider's MFA the
/// user's authenticator code is still asked for.
@Suite("Single sign-on with the organisation's OpenID provider", .serialized, .enabled(if: OIDCProviderProcess.available))
struct SingleSignOnTests {
    static let callback = "http://127.0.0.1:8080/sso/callback"

    @Test func theOrganisationsProviderSignsItsStaffInAndNoOneElse() async throws {
        try await Harness.run(realTime: true, ticking: true) { h in
            let op = try await h.token(try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator"))
            let county = try await h.client.organisation("Essex County Council", ico: "Z6034810", roles: [.orgAdmin, .analyst, .reviewer], operatorToken: op)
            let provider = try OIDCProviderProcess(in: h.scratch + "/oidc", clients: [.init(id: "linkhaven", secret: "a client secret", redirect: Self.callback)],
                                                   users: [.init(username: "ann", email: "analyst@z6034810.test", password: "provider pass 1", mfa: true),
                                                           .init(username: "rev", email: "reviewer@z6034810.test", password: "provider pass 2", mfa: false),
                                                           .init(username: "sam", email: "someone.else@z6034810.test", password: "provider pass 3", mfa: true)])
            let admin = county.tokens[.orgAdmin]!, path = "api/v1/organisations/\(county.id)/identity-provider"
            let good: [String: Any] = ["issuer": provider.issuer, "clientID": "linkhaven", "clientSecret": "a client secret", "mfa": "amr"]

            // Only the organisation's admin configures it; a provider that cannot be discovered is refused before it is saved.
            #expect(try await h.call(.PUT, path, token: county.tokens[.analyst]!, json: good).status == .forbidden)
            var bad = good
            bad["issuer"] = "ftp://example"; bad["clientID"] = ""
            let refused = try await h.call(.PUT, path, token: admin, json: bad)
            #expect(refused.status == .unprocessableEntity && refused.error.contains("issuer") && refused.error.contains("client id"), "\(refused.error)")
            bad = good; bad["issuer"] = "http://127.0.0.1:1/openid"
            #expect(try await h.call(.PUT, path, token: admin, json: bad).status == .badGateway)
            #expect(try await IdentityProvider.query(on: h.app.db).count() == 0)
            let set = try await h.call(.PUT, path, token: admin, json: good)
            #expect(set.status == .ok, "\(set.error)")
            let shown = try await h.call(.GET, path, token: admin)
            let text = String(decoding: shown.body, as: UTF8.self)
            #expect(text.contains("sso") && text.contains("callback") && !text.contains("a client secret"), "the secret is never shown")
            let stored = try #require(try await IdentityProvider.query(on: h.app.db).first())
            let unwrapped = try stored.clientSecret(h.app.platform.masterKey)
            #expect(!stored.wrappedClientSecret.contains("client secret") && unwrapped == "a client secret")
            let page = String(decoding: try await h.client.call(.GET, "sign-in").body, as: UTF8.self)
            #expect(page.contains("Sign in with your organisation") && page.contains("Essex County Council"))

            // A user whose provider checked MFA: signed in at the provider's form, a session here.
            let (reply, again, browser) = try await Self.signIn(h, provider, organisation: county.id, "ann", "provider pass 1")
            let token = try #require(Self.cookie(reply, "lh_session"), "\(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
            #expect(try await h.client.call(API.me, token: token).email == "analyst@z6034810.test")
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "session.create.sso").filter(\.$outcome == "success").count() == 1)
            // The same answer again, or from another browser: refused.
            #expect(try await h.client.call(.GET, again, headers: [("Cookie", "lh_sso=\(browser)")]).status == .unauthorized, "a state is used once")
            let (_, other, _) = try await Self.start(h, provider, organisation: county.id, "ann", "provider pass 1")
            let elsewhere = try await h.client.call(.GET, other, headers: [("Cookie", "lh_sso=another-browser")])
            #expect(elsewhere.status == .unauthorized && String(decoding: elsewhere.body, as: UTF8.self).contains("another browser"))

            // Someone the provider knows but Linkhaven does not: refused, saying what the admin must do.
            let (stranger, _, _) = try await Self.signIn(h, provider, organisation: county.id, "sam", "provider pass 3")
            #expect(stranger.status == .forbidden && String(decoding: stranger.body, as: UTF8.self).contains("ask your organisation&#39;s administrator to add you")
                    || String(decoding: stranger.body, as: UTF8.self).contains("ask your organisation's administrator to add you"))

            // Without the provider's MFA, the authenticator code is still asked for: a wrong one ends the sign-in, the right one opens a session.
            let (ask, askedAt, reviewerBrowser) = try await Self.signIn(h, provider, organisation: county.id, "rev", "provider pass 2")
            #expect(ask.status == .ok && Self.cookie(ask, "lh_session") == nil && String(decoding: ask.body, as: UTF8.self).contains("Your authenticator code"))
            let secret = try #require(TOTP.decodeBase32(county.credentials[.reviewer]!.totpSecret))
            let code = TOTP.code(secret: secret, time: Int64(h.clock.now.timeIntervalSince1970))
            let wrong = try await Self.code(h, path: askedAt, browser: reviewerBrowser, code: "000000")
            #expect(wrong.status == .unauthorized && Self.cookie(wrong, "lh_session") == nil)
            #expect(try await Self.code(h, path: askedAt, browser: reviewerBrowser, code: code).status == .unauthorized, "one code per sign-in")
            let (ask2, asked2, browser2) = try await Self.signIn(h, provider, organisation: county.id, "rev", "provider pass 2")
            #expect(ask2.status == .ok)
            let coded = try await Self.code(h, path: asked2, browser: browser2, code: code)
            let reviewer = try #require(Self.cookie(coded, "lh_session"), "\(coded.status) \(String(decoding: coded.body, as: UTF8.self))")
            #expect(try await h.client.call(API.me, token: reviewer).email == "reviewer@z6034810.test")

            // Deactivated here: refused, even though the provider still says yes.
            let analyst = try #require(try await User.query(on: h.app.db).filter(\.$email == "analyst@z6034810.test").first())
            _ = try await h.client.call(API.deactivateUser, county.id, try analyst.requireID().uuidString, body: StatusChangeIn(reason: "Left the council"), token: admin)
            let (gone, _, _) = try await Self.signIn(h, provider, organisation: county.id, "ann", "provider pass 1")
            #expect(gone.status == .forbidden && Self.cookie(gone, "lh_session") == nil)

            // Sign-ins never finished are forgotten once they can no longer be used.
            #expect(try await SSOAttempt.query(on: h.app.db).count() > 1)
            h.clock.advance(2 * SSOAttempt.lifetime + 1)
            _ = try await h.client.call(.GET, "sso/start?organisation=\(county.id)")
            #expect(try await SSOAttempt.query(on: h.app.db).count() == 1)
        }
    }

    /// Starts a sign-in, signs in at the provider; returns the callback path and the browser cookie.
    static func start(_ h: Harness, _ p: OIDCProviderProcess, organisation: String, _ user: String, _ password: String) async throws
        -> (location: String, callback: String, browser: String) {
        let start = try await h.client.call(.GET, "sso/start?organisation=\(organisation)")
        let location = try #require(start.headers.first(name: .location), "\(start.status) \(String(decoding: start.body, as: UTF8.self))")
        let browser = try #require(cookie(start, "lh_sso"))
        let back = try p.signIn(authorize: location, username: user, password: password, back: callback)
        return (location, String(back.dropFirst("http://127.0.0.1:8080/".count)), browser)
    }

    /// A whole sign-in from this browser: the callback's reply, its path (to replay), and the browser cookie.
    static func signIn(_ h: Harness, _ p: OIDCProviderProcess, organisation: String, _ user: String, _ password: String) async throws
        -> (APIReply, String, String) {
        let (_, path, browser) = try await start(h, p, organisation: organisation, user, password)
        return (try await h.client.call(.GET, path, headers: [("Cookie", "lh_sso=\(browser)")]), path, browser)
    }

    /// Sends the authenticator code for the sign-in whose callback was `path`, from `browser`.
    static func code(_ h: Harness, path: String, browser: String, code: String) async throws -> APIReply {
        let state = URLComponents(string: "http://x/" + path)?.queryItems?.first { $0.name == "state" }?.value ?? ""
        let form = "state=\(state.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&code=\(code)"
        return try await h.client.call(.POST, "sso/code", bytes: Data(form.utf8),
                                       headers: [("Cookie", "lh_sso=\(browser)"), ("Content-Type", "application/x-www-form-urlencoded")])
    }

    static func cookie(_ r: APIReply, _ name: String) -> String? {
        r.headers[.setCookie].compactMap { line -> String? in
            guard line.hasPrefix(name + "=") else { return nil }
            let value = String(line.dropFirst(name.count + 1).prefix { $0 != ";" })
            return value.isEmpty ? nil : value
        }.first
    }
}
