import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing

/// TOTP secrets are stored wrapped by the master key: a copy of the database alone passes no one's second
/// factor, and secrets stored in the clear by an earlier version are wrapped at the next start.
@Suite struct TOTPAtRestTests {
    @Test func theDatabaseHoldsNoTOTPSecretInTheClear() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let u = try #require(try await User.find(op.id, on: h.app.db))
            #expect(u.totpSecret.isEmpty && !u.totpWrapped.isEmpty)
            #expect(Accounts.totpSecret(of: u, key: h.app.platform.masterKey) == TOTP.decodeBase32(op.totpSecret))
            #expect(try await h.signIn(op).status == .created)
            // Nowhere in the database file, in base32 or raw.
            if h.app.platform.config.databaseURL == nil {
                let file = try Data(contentsOf: URL(fileURLWithPath: h.app.platform.config.dataDirectory + "/linkhaven.sqlite"))
                #expect(file.range(of: Data(op.totpSecret.utf8)) == nil)
                #expect(file.range(of: Data(TOTP.decodeBase32(op.totpSecret)!)) == nil)
            }
            // Bound to its user: another user's wrapped secret does not open as this one's.
            let other = try await Accounts.createOperator(app: h.app, email: "second@linkhaven.test", name: "Second")
            let v = try #require(try await User.find(other.id, on: h.app.db))
            v.totpWrapped = u.totpWrapped
            #expect(Accounts.totpSecret(of: v, key: h.app.platform.masterKey) == nil)
        }
    }

    @Test func secretsStoredInTheClearAreWrappedAtStart() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let u = try #require(try await User.find(op.id, on: h.app.db))
            u.totpSecret = op.totpSecret; u.totpWrapped = ""   // as an earlier version stored it
            try await u.save(on: h.app.db)
            #expect(try await h.signIn(op).status == .unauthorized, "an unwrapped secret is not used as it is")

            try await Accounts.protectTOTPSecrets(h.app)
            let after = try #require(try await User.find(op.id, on: h.app.db))
            #expect(after.totpSecret.isEmpty && !after.totpWrapped.isEmpty)
            #expect(try await h.signIn(op).status == .created)
            let events = try await AuditEventModel.query(on: h.app.db).filter(\.$action == "platform.totp.wrap").all()
            #expect(events.map(\.object) == ["users/1"])
        }
    }
}
