import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

@Suite("Platform identity, access and audit (in-process HTTP)", .serialized)
struct AccessTests {
    func setUp(_ h: Harness) async throws -> (op: Accounts.Credentials, opToken: String, orgA: String, orgB: String, adminA: Accounts.Credentials) {
        let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
        let opToken = try await h.token(op)
        let a = try await h.call(.POST, "api/v1/organisations", token: opToken, json: ["name": "Essex County Council", "address": "County Hall, Chelmsford", "icoReference": "Z6034810",
                                                                                        "contactEmail": "informationgovernanceteam@essex.test", "contactPhone": "08457 430430"])
        let b = try await h.call(.POST, "api/v1/organisations", token: opToken, json: ["name": "Essex Police", "address": "PO Box 2, Chelmsford", "icoReference": "Z4883472"])
        #expect(a.status == .created && b.status == .created)
        let orgA = try a.json([String: String].self)["id"]!, orgB = try b.json([String: String].self)["id"]!
        let admin = try await h.call(.POST, "api/v1/organisations/\(orgA)/users", token: opToken,
                                     json: ["email": "ig@essex.test", "name": "IG Officer", "role": "orgAdmin", "trainingDate": "2026-09-01T00:00:00Z"])
        #expect(admin.status == .created, "\(admin.error)")
        return (op, opToken, orgA, orgB, try admin.json(Accounts.Credentials.self))
    }

    @Test func signInNeedsPasswordAndTOTPAndLocksOut() async throws {
        try await Harness.run { h in
            let s = try await setUp(h)
            if h.app.platform.config.databaseURL == nil {
                let mode = try FileManager.default.attributesOfItem(atPath: h.app.platform.config.dataDirectory + "/linkhaven.sqlite")[.posixPermissions] as! NSNumber
                #expect(mode.intValue == 0o600, "the database holds password hashes and TOTP secrets")
            }
            #expect(try await h.signIn(s.adminA).status == .created)
            let wrongCode = try await h.call(.POST, "api/v1/sessions", json: ["email": s.adminA.email, "password": s.adminA.initialPassword, "code": "000000"])
            #expect(wrongCode.status == .unauthorized && wrongCode.error.contains("wrong"))
            for _ in 0..<5 { try await h.call(.POST, "api/v1/sessions", json: ["email": s.adminA.email, "password": "nope", "code": "123456"]) }
            #expect(try await h.signIn(s.adminA).status == .locked, "locked even with the right credentials")
            h.clock.advance(16 * 60)
            #expect(try await h.signIn(s.adminA).status == .created, "the lockout ends")

            // A recovery code works once, in place of the authenticator's code.
            #expect(s.adminA.recoveryCodes.count == 10 && Set(s.adminA.recoveryCodes).count == 10)
            let body: [String: Any] = ["email": s.adminA.email, "password": s.adminA.initialPassword, "code": s.adminA.recoveryCodes[3]]
            #expect(try await h.call(.POST, "api/v1/sessions", json: body).status == .created)
            #expect(try await h.call(.POST, "api/v1/sessions", json: body).status == .unauthorized, "a recovery code is single use")
        }
    }

    @Test func authorisationMatrixForOrganisationsAndUsers() async throws {
        try await Harness.run { h in
            let s = try await setUp(h)
            let adminToken = try await h.token(s.adminA)
            #expect(try await h.call(.POST, "api/v1/organisations", token: adminToken, json: ["name": "X", "address": "", "icoReference": "Z1"]).status == .forbidden)
            let analyst = try await h.call(.POST, "api/v1/organisations/\(s.orgA)/users", token: adminToken,
                                           json: ["email": "analyst@essex.test", "name": "Analyst", "role": "analyst", "trainingDate": "2026-09-01T00:00:00Z"])
            #expect(analyst.status == .created)
            #expect(try await h.call(.POST, "api/v1/organisations/\(s.orgB)/users", token: adminToken,
                                     json: ["email": "x@police.test", "name": "X", "role": "analyst", "trainingDate": "2026-09-01T00:00:00Z"]).status == .notFound,
                    "no admin may add users to another organisation, or learn more than that there is none for them")
            #expect(try await h.call(.POST, "api/v1/organisations/\(s.orgA)/users", token: adminToken,
                                     json: ["email": "op2@essex.test", "name": "X", "role": "operator", "trainingDate": "2026-09-01T00:00:00Z"]).status == .forbidden)
            let analystToken = try await h.token(try analyst.json(Accounts.Credentials.self))
            #expect(try await h.call(.POST, "api/v1/organisations/\(s.orgA)/users", token: analystToken,
                                     json: ["email": "y@essex.test", "name": "Y", "role": "analyst", "trainingDate": "2026-09-01T00:00:00Z"]).status == .forbidden)
            let visible = try await h.call(.GET, "api/v1/organisations", token: analystToken).json([[String: String]].self)
            #expect(visible.map { $0["id"] } == [s.orgA], "an organisation sees only itself")
            #expect(visible[0]["contactPhone"] == "08457 430430" && visible[0]["contactEmail"] == "informationgovernanceteam@essex.test")
            #expect(try await h.call(.GET, "api/v1/organisations", token: s.opToken).json([[String: String]].self).count == 2)
            #expect(try await h.call(.GET, "api/v1/audit/export", token: analystToken).status == .forbidden)
            #expect(try await h.call(.GET, "api/v1/organisations").status == .unauthorized)
        }
    }

    @Test func sessionsExpireAndPasswordsMustBeChanged() async throws {
        // Access would lapse after 90 days without signing in (AccessLifecycleTests); here passwords and training are the subject.
        try await Harness.run(configure: { $0.inactivityLapse = 400 * 86_400 }) { h in
            let s = try await setUp(h)
            let token = try await h.token(s.adminA)
            h.clock.advance(31 * 60)
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .unauthorized, "idle timeout")
            h.clock.advance(181 * 24 * 3600 - 31 * 60)
            let opToken = try await h.token(s.op)
            #expect(try await h.call(.GET, "api/v1/organisations", token: opToken).status == .forbidden, "password older than 180 days")
            #expect(try await h.call(.POST, "api/v1/me/password", token: opToken, json: ["currentPassword": s.op.initialPassword, "newPassword": "short"]).status == .unprocessableEntity)
            #expect(try await h.call(.POST, "api/v1/me/password", token: opToken, json: ["currentPassword": s.op.initialPassword, "newPassword": "a much longer passphrase"]).status == .noContent)
            #expect(try await h.call(.GET, "api/v1/organisations", token: opToken).status == .ok)
            h.clock.advance(200 * 24 * 3600)
            let late = try await h.signIn(s.adminA)
            #expect(late.status == .forbidden && late.error.contains("training"), "training recorded 2026-09-01 lapses after a year")
        }
    }

    @Test func badInputIsRefusedAndChangesNothing() async throws {
        try await Harness.run { h in
            let s = try await setUp(h)
            for raw in ["{not json", "{\"name\": 5, \"address\": \"x\", \"icoReference\": \"Z1\"}", "{\"name\": \"Only a name\"}",
                        "{\"name\": \"N\", \"address\": \"x\", \"icoReference\": \"Z1\", \"isOperator\": true}"] {
                let r = try await h.call(.POST, "api/v1/organisations", token: s.opToken, raw: raw)
                #expect(r.status == .badRequest, "\(raw)")
            }
            let unknown = try await h.call(.POST, "api/v1/organisations", token: s.opToken,
                                           raw: "{\"name\": \"N\", \"address\": \"x\", \"icoReference\": \"Z1\", \"isOperator\": true}")
            #expect(unknown.error.contains("unknown key 'isOperator'"), "\(unknown.error)")
            let typed = try await h.call(.POST, "api/v1/organisations", token: s.opToken, raw: "{\"name\": 5, \"address\": \"secret value\", \"icoReference\": \"Z1\"}")
            #expect(typed.error.contains("name should be text") && !typed.error.contains("secret value"), "\(typed.error)")
            #expect(try await h.call(.POST, "api/v1/organisations", token: s.opToken, json: ["name": "Essex Police", "address": "x", "icoReference": "Z1"]).status == .conflict)
            #expect(try await h.call(.POST, "api/v1/organisations", token: s.opToken, raw: String(repeating: "x", count: 2_000_000)).status == .payloadTooLarge)
            #expect(try await h.call(.GET, "api/v1/organisations", token: s.opToken).json([[String: String]].self).count == 2)
            // The security headers on every response, refusals included.
            let replies = [("200", try await h.call(.GET, "api/v1/organisations", token: s.opToken)),
                           ("401", try await h.call(.GET, "api/v1/organisations")),
                           ("403", try await h.call(.POST, "api/v1/organisations", token: try await h.token(s.adminA), json: ["name": "N", "address": "x", "icoReference": "Z9"])),
                           ("404", try await h.call(.GET, "api/v1/no-such-thing", token: s.opToken)),
                           ("400", try await h.call(.POST, "api/v1/organisations", token: s.opToken, raw: "{not json"))]
            for (status, r) in replies {
                #expect(String(r.status.code) == status)
                for header in ["X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Strict-Transport-Security", "Cache-Control"] {
                    #expect(r.headers.first(name: header) != nil, "\(header) on a \(status)")
                }
            }
            // A JSON body said to be text (what another site's form or no-cors fetch sends) is refused unread; NUL characters too.
            let asText = try await h.client.call(.POST, "api/v1/organisations", token: s.opToken, raw: "{\"name\": \"N2\", \"address\": \"x\", \"icoReference\": \"Z2\"}",
                                                 headers: [("Content-Type", "text/plain")])
            #expect(asText.status == .unsupportedMediaType)
            let nul = try await h.call(.POST, "api/v1/organisations", token: s.opToken, raw: "{\"name\": \"N\\u0000ull\", \"address\": \"x\", \"icoReference\": \"Z3\"}")
            #expect(nul.status == .badRequest && nul.error.contains("NUL"), "\(nul.error)")
            #expect(try await h.call(.GET, "api/v1/organisations", token: s.opToken).json([[String: String]].self).count == 2, "neither was made")
        }
    }

    @Test func auditExportVerifiesAndEditsAreCaught() async throws {
        try await Harness.run { h in
            let s = try await setUp(h)
            let adminToken = try await h.token(s.adminA)
            try await h.call(.POST, "api/v1/organisations/\(s.orgA)/users", token: adminToken,
                             json: ["email": "p@essex.test", "name": "Provider", "role": "provider", "trainingDate": "2026-09-01T00:00:00Z"])
            let reply = try await h.call(.GET, "api/v1/audit/export", token: adminToken)
            #expect(reply.status == .ok)
            let export = try reply.json(AuditExport.self)
            #expect(export.chain == s.orgA)
            let actions = export.events.map(\.action)
            #expect(actions.contains("organisation.create") && actions.contains("user.create") && actions.contains("session.create"))
            let key = try await h.call(.GET, "api/v1/platform/public-key").json([String: String].self)["ed25519"]!
            #expect(export.publicKey == key)
            guard case .valid(let n, let cp) = AuditVerifier.verify(export) else { Issue.record("export does not verify"); return }
            #expect(n == export.events.count && cp == export.events.count)
            #expect(!String(decoding: reply.body, as: UTF8.self).contains(s.adminA.email), "audit events name ids, never e-mail addresses")

            // Someone edits a stored event behind the platform's back: the next export no longer verifies.
            let row = try await AuditEventModel.query(on: h.app.db).filter(\.$chain == s.orgA).filter(\.$seq == 2).first()!
            row.outcome = "denied"
            try await row.save(on: h.app.db)
            let tampered = try await h.call(.GET, "api/v1/audit/export", token: adminToken).json(AuditExport.self)
            #expect(AuditVerifier.verify(tampered) == .broken(seq: 2, reason: "its contents do not match its hash (edited)"))
        }
    }
}

@Suite("Audit chain under concurrent writers", .serialized)
struct AuditConcurrencyTests {
    /// Two audit logs writing the same chain (as two server processes on one database would) retry
    /// instead of forking or failing: every event lands, in one unbroken chain.
    @Test func twoWritersNeverForkTheChain() async throws {
        try await Harness.run { h in
            let first = AuditLog(), second = AuditLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 {
                    let log = i % 2 == 0 ? first : second
                    group.addTask { try await log.record(on: h.app.db, at: h.clock.now, actor: "a", organisation: "org-x", action: "test.write", object: "o/\(i)") }
                }
                try await group.waitForAll()
            }
            let export = try await first.export(chain: "org-x", on: h.app.db, at: h.clock.now, key: h.app.platform.signingKey)
            #expect(export.events.count == 20)
            #expect(AuditVerifier.verify(export) == .valid(events: 20, lastCheckpoint: 20))
        }
    }
}
