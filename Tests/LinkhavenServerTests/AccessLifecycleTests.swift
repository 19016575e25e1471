import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Access that ends when it should: leavers deactivated (every session and API token stops at once),
/// roles changed, project members removed, two-factor enrolment reset, access lapsing after a time
/// without signing in; never the organisation's last admin.
@Suite("Access lifecycle (in-process HTTP)")
struct AccessLifecycleTests {
    static func id(_ h: Harness, _ email: String) async throws -> UUID {
        try #require(try await User.query(on: h.app.db).filter(\.$email == email).first()).requireID()
    }

    @Test func aLeaverIsSwitchedOffAtOnceAndListedWithWhatTheyHadAccessTo() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let admin = f.borough[.orgAdmin]!, provider = f.borough[.provider]!
            let base = "api/v1/organisations/\(f.boroughOrg)/users"
            let leaver = try await Self.id(h, "provider@z5361180.test")
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)/uploads", token: provider).status == .ok)
            #expect(try await h.call(.GET, "api/v1/tokens/self", token: f.boroughUpload).status == .ok)
            let before = try await h.client.expect([UserSummaryOut].self, .GET, base, token: admin).first { $0.id == leaver }
            #expect(before?.status == .active && before?.sessions == 1 && before?.tokens == 1 && before?.projects.map(\.role) == ["provider"])
            // Only the organisation's own admin manages its users; a reason is required.
            #expect(try await h.call(.POST, "\(base)/\(leaver)/deactivate", token: f.county[.orgAdmin]!, json: ["reason": "x"]).status == .notFound, "another organisation's")
            #expect(try await h.call(.POST, "\(base)/\(leaver)/deactivate", token: f.borough[.analyst]!, json: ["reason": "x"]).status == .forbidden)
            #expect(try await h.call(.POST, "\(base)/\(leaver)/deactivate", token: admin, json: ["reason": " "]).status == .unprocessableEntity)
            let gone = try await h.client.expect(UserSummaryOut.self, .POST, "\(base)/\(leaver)/deactivate", token: admin, json: ["reason": "left the council"])
            #expect(gone.status == .deactivated && gone.sessions == 0 && gone.tokens == 0 && gone.reason == "left the council")
            // The very next request of every session and API token of theirs is refused.
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)/uploads", token: provider).status == .unauthorized)
            #expect(try await h.call(.GET, "api/v1/tokens/self", token: f.boroughUpload).status == .unauthorized)
            let again = try await h.signIn(try await h.renew("provider@z5361180.test", restoreAccess: false))
            #expect(again.status == .forbidden && again.error.contains("deactivated") && again.error.contains("administrator (orgAdmin)"), "\(again.error)")
            // The organisation lists its leavers and what they had access to; the audit trail says who, whom and why.
            let leavers = try await h.client.expect([UserSummaryOut].self, .GET, "api/v1/organisations/\(f.boroughOrg)/leavers", token: admin)
            #expect(leavers.map(\.id) == [leaver] && leavers[0].projects.map(\.project.uuidString) == [f.project])
            let event = try #require(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "user.deactivate").first())
            let adminID = try await Self.id(h, "orgadmin@z5361180.test")
            #expect(event.object == "user/\(leaver)" && event.outcome.contains("left the council") && event.actor == adminID.uuidString)
            // Reactivated: they sign in again; their old API token stays revoked.
            _ = try await h.client.expect(UserSummaryOut.self, .POST, "\(base)/\(leaver)/reactivate", token: admin, json: ["reason": "came back"])
            #expect(try await h.signIn(try await h.renew("provider@z5361180.test", restoreAccess: false)).status == .created)
            #expect(try await h.call(.GET, "api/v1/tokens/self", token: f.boroughUpload).status == .unauthorized)
        }
    }

    @Test func theLastAdminStaysAndRolesChangeWithAReason() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let admin = f.borough[.orgAdmin]!
            let base = "api/v1/organisations/\(f.boroughOrg)/users"
            let me = try await Self.id(h, "orgadmin@z5361180.test"), analyst = try await Self.id(h, "analyst@z5361180.test")
            let lockout = try await h.call(.POST, "\(base)/\(me)/deactivate", token: admin, json: ["reason": "leaving"])
            #expect(lockout.status == .conflict && lockout.error.contains("last active administrator"), "\(lockout.error)")
            #expect(try await h.call(.PATCH, "\(base)/\(me)", token: admin, json: ["role": "analyst", "reason": "r"]).status == .conflict)
            #expect(try await h.call(.POST, "\(base)/\(me)/deactivate", token: f.operatorToken, json: ["reason": "r"]).status == .conflict,
                    "the operator cannot lock the organisation out either")
            #expect(try await h.call(.POST, "\(base)/\(analyst)/deactivate", token: f.operatorToken, json: ["reason": "r"]).status == .forbidden,
                    "the operator manages organisation admins only")
            // Another admin first; then the first may go.
            let promoted = try await h.client.expect(UserSummaryOut.self, .PATCH, "\(base)/\(analyst)", token: admin, json: ["role": "orgAdmin", "reason": "deputy"])
            #expect(promoted.role == .orgAdmin)
            #expect(try await h.call(.PATCH, "\(base)/\(analyst)", token: admin, json: ["role": "operator", "reason": "r"]).status == .unprocessableEntity)
            #expect(try await h.call(.POST, "\(base)/\(me)/deactivate", token: f.operatorToken, json: ["reason": "left"]).status == .ok)
            #expect(try await h.call(.GET, "api/v1/me", token: admin).status == .unauthorized)
            // Removed from a project: at once.
            let provider = f.borough[.provider]!, providerID = try await Self.id(h, "provider@z5361180.test")
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)/runs", token: provider).status == .ok)
            let deputy = try await h.token(try await h.renew("analyst@z5361180.test", restoreAccess: false))
            #expect(try await h.call(.DELETE, "api/v1/projects/\(f.project)/members/\(providerID)", token: deputy, json: ["reason": "moved team"]).status == .noContent)
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)/runs", token: provider).status == .notFound)
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "project.member.remove").first()?.outcome.contains("moved team") == true)
        }
    }

    @Test func aResetTwoFactorIsEnrolledAgainAtTheNextSignIn() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let email = "analyst@z6034810.test"
            let user = try await Self.id(h, email)
            let old = try await h.renew(email, restoreAccess: false)
            _ = try await h.client.expect(UserSummaryOut.self, .POST, "api/v1/organisations/\(f.countyOrg)/users/\(user)/reset-two-factor",
                                          token: f.county[.orgAdmin]!, json: ["reason": "lost phone"])
            #expect(try await h.call(.GET, "api/v1/me", token: f.county[.analyst]!).status == .unauthorized, "sessions end")
            // The password alone signs in, for enrolment only.
            let signIn = try await h.call(.POST, "api/v1/sessions", json: ["email": email, "password": old.initialPassword, "code": ""])
            let session = try signIn.json(SessionOut.self)
            #expect(signIn.status == .created && session.twoFactorEnrolmentRequired)
            #expect(try await h.call(.GET, "api/v1/projects", token: session.token).status == .forbidden)
            let enrolment = try await h.client.expect(EnrolmentOut.self, .POST, "api/v1/me/two-factor", token: session.token)
            let secret = try #require(TOTP.decodeBase32(enrolment.totpSecret))
            #expect(try await h.call(.POST, "api/v1/me/two-factor/confirm", token: session.token, json: ["code": "000000"]).status == .unprocessableEntity)
            let code = TOTP.code(secret: secret, time: Int64(h.clock.now.timeIntervalSince1970))
            #expect(try await h.call(.POST, "api/v1/me/two-factor/confirm", token: session.token, json: ["code": code]).status == .noContent)
            #expect(try await h.call(.GET, "api/v1/projects", token: session.token).status == .ok)
            // From now on the new authenticator is needed; the old one no longer works.
            #expect(try await h.signIn(old).status == .unauthorized)
            var renewed = old; renewed.totpSecret = enrolment.totpSecret
            #expect(try await h.signIn(renewed).status == .created)
            #expect(try await h.call(.POST, "api/v1/me/two-factor", token: try await h.token(renewed)).status == .conflict)
        }
    }

    @Test func accessLapsesAfterNinetyDaysWithoutSigningIn() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let email = "reviewer@z6034810.test"
            h.clock.advance(89 * 86_400)
            #expect(try await h.signIn(try await h.renew(email, restoreAccess: false)).status == .created, "signed in within 90 days")
            _ = try await h.token(try await h.renew("orgadmin@z6034810.test", restoreAccess: false))
            h.clock.advance(81 * 86_400)
            _ = try await h.token(try await h.renew("orgadmin@z6034810.test", restoreAccess: false))   // the admin keeps signing in
            h.clock.advance(10 * 86_400)
            let lapsed = try await h.signIn(try await h.renew(email, restoreAccess: false))
            #expect(lapsed.status == .forbidden && lapsed.error.contains("lapsed after 90 days without signing in") && lapsed.error.contains("orgAdmin"), "\(lapsed.error)")
            let admin = try await h.token(try await h.renew("orgadmin@z6034810.test", restoreAccess: false))
            let users = try await h.client.expect([UserSummaryOut].self, .GET, "api/v1/organisations/\(f.countyOrg)/users", token: admin)
            let reviewer = try #require(users.first { $0.email == email })
            #expect(reviewer.status == .lapsed)
            _ = try await h.client.expect(UserSummaryOut.self, .POST, "api/v1/organisations/\(f.countyOrg)/users/\(reviewer.id)/reactivate",
                                          token: admin, json: ["reason": "back from leave"])
            #expect(try await h.signIn(try await h.renew(email, restoreAccess: false)).status == .created)
        }
    }
}
