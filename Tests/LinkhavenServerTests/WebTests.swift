import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor
import VaporTesting

/// The web interface in process: sign-in, the session cookie, CSRF, escaping and refusals.
@Suite("Web interface (in-process HTTP)")
struct WebTests {
    func get(_ h: Harness, _ path: String, cookie: String? = nil) async throws -> (HTTPStatus, HTTPHeaders, String) {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: "lh_session=\(cookie)") }
        var out: (HTTPStatus, HTTPHeaders, String) = (.ok, [:], "")
        try await h.app.testing().test(.GET, path, headers: headers) { res in out = (res.status, res.headers, String(buffer: res.body)) }
        return out
    }

    func post(_ h: Harness, _ path: String, form: [String: String], cookie: String? = nil) async throws -> (HTTPStatus, HTTPHeaders, String) {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        if let cookie { headers.add(name: .cookie, value: "lh_session=\(cookie)") }
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        var out: (HTTPStatus, HTTPHeaders, String) = (.ok, [:], "")
        try await h.app.testing().test(.POST, path, headers: headers, body: ByteBuffer(string: body)) { res in out = (res.status, res.headers, String(buffer: res.body)) }
        return out
    }

    @Test func signInSessionCookieCSRFAndEscaping() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let opToken = try await h.token(op)
            let org = try await h.client.organisation("<script>alert(1)</script> Council", ico: "Z1234567", roles: [.orgAdmin], operatorToken: opToken)
            let admin = org.credentials[.orgAdmin]!
            // Signed out: pages send you to sign in; the stylesheet needs nothing.
            #expect(try await get(h, "/app").0 == .seeOther)
            #expect(try await get(h, "/static/app.css").2.contains("error-summary"))
            // A wrong code: the error summary, no cookie.
            let wrong = try await post(h, "/sign-in", form: ["email": admin.email, "password": admin.initialPassword, "code": "000000"])
            #expect(wrong.0 == .unauthorized && wrong.2.contains("There is a problem") && wrong.1[.setCookie].isEmpty)
            let empty = try await post(h, "/sign-in", form: ["email": "", "password": "", "code": ""])
            #expect(empty.2.contains("Enter your e-mail address"))
            // The right code: an HttpOnly, SameSite=Strict session cookie.
            let code = TOTP.code(secret: TOTP.decodeBase32(admin.totpSecret)!, time: Int64(h.clock.now.timeIntervalSince1970))
            let ok = try await post(h, "/sign-in", form: ["email": admin.email, "password": admin.initialPassword, "code": code])
            let setCookie = ok.1[.setCookie].joined()
            #expect(ok.0 == .seeOther && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            let session = String(setCookie.split(separator: ";")[0].dropFirst("lh_session=".count))
            let dashboard = try await get(h, "/app", cookie: session)
            #expect(dashboard.0 == .ok && dashboard.2.contains("What needs you"))
            #expect(dashboard.1[.contentSecurityPolicy].first?.contains("default-src 'self'") == true)
            // A form without its CSRF token is refused and changes nothing; with it, sign-out ends the session.
            #expect(try await post(h, "/app/sign-out", form: [:], cookie: session).0 == .forbidden)
            #expect(try await get(h, "/app", cookie: session).0 == .ok)
            #expect(try await post(h, "/app/sign-out", form: ["csrf": WebContext.csrf(for: session)], cookie: session).0 == .seeOther)
            #expect(try await get(h, "/app", cookie: session).0 == .seeOther, "the session ended")
            // Names are escaped wherever they appear.
            let again = try await h.client.token(admin)
            struct ID: Decodable { var id: String }
            let pid = try await h.client.expect(ID.self, .POST, "api/v1/partnerships", token: opToken,
                                                json: ["name": "P", "declaration": "We share.", "members": [org.id]]).id
            try await h.client.require(.POST, "api/v1/partnerships/\(pid)/projects", token: again, json: ["name": "<script>alert(1)</script>", "purpose": "A & B"])
            let page = try await get(h, "/app/projects", cookie: again)
            #expect(page.2.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.2.contains("<script>alert(1)</script>") && page.2.contains("A &amp; B"))
            #expect(try await get(h, "/app/projects/\(UUID())", cookie: again).0 == .notFound)
        }
    }
}
