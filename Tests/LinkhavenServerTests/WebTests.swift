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

    /// The sign-in form as this server shows a browser: the nonce its cookie holds, and the token in the form.
    func signInForm(_ h: Harness) async throws -> (nonce: String, token: String) {
        let page = try await get(h, "/sign-in")
        let set = try #require(page.1[.setCookie].first { $0.hasPrefix("\(SignInForm.cookie)=") })
        #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "\(set)")
        let nonce = String(set.split(separator: ";")[0].dropFirst(SignInForm.cookie.count + 1))
        let token = try #require(page.2.firstMatch(of: /name="csrf" value="([^"]+)"/)).1
        return (nonce, String(token))
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
            let form = try await signInForm(h)
            let wrong = try await h.post("/sign-in", form: ["email": admin.email, "password": admin.initialPassword, "code": "000000", "csrf": form.token],
                                       signInNonce: form.nonce)
            #expect(wrong.0 == .unauthorized && wrong.2.contains("There is a problem") && wrong.1[.setCookie].isEmpty)
            let empty = try await h.post("/sign-in", form: ["email": "", "password": "", "code": "", "csrf": form.token], signInNonce: form.nonce)
            #expect(empty.2.contains("Enter your e-mail address"))
            // Login CSRF: the right credentials in a form this browser was not shown by the server sign no one in — no
            // token (another site's form), no nonce cookie (a cross-site POST, which SameSite=Strict strips of it), or the
            // token of another browser's form.
            let code = TOTP.code(secret: TOTP.decodeBase32(admin.totpSecret)!, time: Int64(h.clock.now.timeIntervalSince1970))
            let other = try await signInForm(h)
            #expect(other.nonce != form.nonce && other.token != form.token, "each browser its own form")
            // The altered token differs in its first character (its last carries only four bits, so is often "A" already).
            let altered = (form.token.first == "A" ? "B" : "A") + form.token.dropFirst()
            #expect(altered != form.token)
            for (token, nonce) in [(nil, form.nonce), (form.token, nil), (other.token, form.nonce), (altered, form.nonce)] as [(String?, String?)] {
                var fields = ["email": admin.email, "password": admin.initialPassword, "code": code]
                fields["csrf"] = token
                let forged = try await h.post("/sign-in", form: fields, signInNonce: nonce)
                #expect(forged.0 == .forbidden && forged.2.contains("came from another site") && !forged.1[.setCookie].contains { $0.hasPrefix("lh_session=") },
                        "token \(token == nil ? "missing" : "given"), nonce \(nonce == nil ? "missing" : "given"): \(forged.0)")
            }
            // The right code in the form it was shown: an HttpOnly, SameSite=Strict session cookie, and the form's nonce ended.
            let ok = try await h.post("/sign-in", form: ["email": admin.email, "password": admin.initialPassword, "code": code, "csrf": form.token],
                                    signInNonce: form.nonce)
            let setCookie = ok.1[.setCookie].first { $0.hasPrefix("lh_session=") } ?? ""
            #expect(ok.0 == .seeOther && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            #expect(ok.1[.setCookie].contains { $0.hasPrefix("\(SignInForm.cookie)=;") }, "the form's nonce ends with the sign-in")
            let session = String(setCookie.split(separator: ";")[0].dropFirst("lh_session=".count))
            // This browser is now one of the admin's devices: a lock an attacker's wrong passwords put on the account
            // does not keep it out, while a browser without the cookie is refused.
            let deviceCookie = try #require(ok.1[.setCookie].first { $0.hasPrefix("\(TrustedDevice.cookie)=") })
            #expect(deviceCookie.contains("HttpOnly") && deviceCookie.contains("SameSite=Strict"))
            let device = String(deviceCookie.split(separator: ";")[0].dropFirst(TrustedDevice.cookie.count + 1))
            for _ in 0..<5 { _ = try await h.call(.POST, "api/v1/sessions", json: ["email": admin.email, "password": "guess", "code": "1"]) }
            let lockedForm = try await signInForm(h)
            let stranger = try await h.post("/sign-in", form: ["email": admin.email, "password": admin.initialPassword, "code": code, "csrf": lockedForm.token],
                                          signInNonce: lockedForm.nonce)
            #expect(stranger.0 == .locked, "\(stranger.0)")
            let owner = try await h.post("/sign-in", form: ["email": admin.email, "password": admin.initialPassword, "code": code, "csrf": lockedForm.token],
                                       signInNonce: lockedForm.nonce, device: device)
            #expect(owner.0 == .seeOther, "the owner's own browser signs in: \(owner.0)")
            let dashboard = try await get(h, "/app", cookie: session)
            #expect(dashboard.0 == .ok && dashboard.2.contains("What needs you"))
            #expect(dashboard.1[.contentSecurityPolicy].first?.contains("default-src 'self'") == true)
            // A form without its CSRF token is refused and changes nothing; with it, sign-out ends the session.
            #expect(try await h.post("/app/sign-out", form: [:], cookie: session).0 == .forbidden)
            #expect(try await get(h, "/app", cookie: session).0 == .ok)
            #expect(try await h.post("/app/sign-out", form: ["csrf": WebContext.csrf(for: session)], cookie: session).0 == .seeOther)
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

    /// The change form shows the agreement's sections, parties' datasets and retention; what it does not
    /// show (the disclosure rules, a provider's stricter rules, the date in force, the publication clause)
    /// must survive a change made with it.
    @Test func changingAnAgreementInTheBrowserKeepsWhatTheFormDoesNotShow() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let opToken = try await h.token(op)
            let county = try await h.client.organisation("Essex County Council", ico: "Z6034810", roles: [.orgAdmin, .signatory], operatorToken: opToken)
            let police = try await h.client.organisation("Essex Police", ico: "Z4883472", roles: [.orgAdmin, .signatory], operatorToken: opToken)
            let partnership = try await h.client.call(API.createPartnership, body: PartnershipIn(name: "Essex Data", declaration: "We share pseudonymised data.",
                                                                                               members: [try county.uuid(), try police.uuid()], signatories: nil), token: opToken)
            let admin = county.tokens[.orgAdmin]!
            let project = try await h.client.call(API.createProject, partnership.id.uuidString, body: ProjectIn(name: "School readiness", purpose: "Early help"), token: admin)
            var strict = DisclosureRules()
            strict.minimumCount = 20
            var rules = DisclosureRules()
            rules.roundingBase = 10
            let document = AgreementDocument(
                title: "Protocol", purpose: "Early help", legalBasis: "Public task", fairProcessing: "Privacy notices", publication: "Aggregates only",
                security: "Pseudonymised", formatAndFrequency: "CSV", retention: .init(months: 12, extensions: 1, extensionMonths: 12),
                controllersInCommon: "Each", processor: "The operator", auditRights: "Yes", complaints: "Each", breachProcedure: "Within 24 hours",
                reviewDate: "2027-11-30", inForceFrom: "2026-12-01", publishedOutputsStayAvailable: true,
                datasets: [.init(provider: police.id, name: "police", fields: ["incident"], matchingIdentifiers: ["nhs_number"], disclosure: strict)],
                disclosure: rules, interventionAllowed: false)
            let agreement = try await h.client.call(API.draftAgreement, project.id.uuidString,
                                                    body: AgreementIn(parties: [try police.uuid()], document: document), token: admin)
            // The form as the page fills it, with the title changed.
            var form = draftValues(document)
            form["title"] = "Protocol, revised"
            form["csrf"] = WebContext.csrf(for: admin)
            let changed = try await h.post("/app/agreements/\(agreement.id)/edit", form: form, cookie: admin)
            #expect(changed.0 == .seeOther, "\(changed.2)")
            let after = try await h.client.call(API.agreement, agreement.id.uuidString, token: admin).document
            #expect(after.title == "Protocol, revised")
            var expected = document
            expected.title = "Protocol, revised"
            #expect(after == expected)
            // A NUL character in any field is refused, and nothing changes.
            form["title"] = "Protocol\u{0},\u{0} revised again"
            let nul = try await h.post("/app/agreements/\(agreement.id)/edit", form: form, cookie: admin)
            #expect(nul.0 == .badRequest && nul.2.contains("NUL"), "\(nul.2)")
            #expect(try await h.client.call(API.agreement, agreement.id.uuidString, token: admin).document.title == "Protocol, revised")
        }
    }
}
