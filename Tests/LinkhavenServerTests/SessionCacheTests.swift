import Fluent
import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// A session checked a moment ago is trusted from memory, briefly; anything that ends a session or
/// changes its user in this process is seen by the very next request.
@Suite("Session cache", .serialized)
struct SessionCacheTests {
    static func entry(_ name: String, readAt: Date) -> SessionCache.Entry {
        let u = User()
        u.id = UUID(); u.email = "\(name)@linkhaven.test"; u.name = name; u.role = Role.analyst.rawValue
        u.passwordChangedAt = readAt; u.totpEnrolmentRequired = false; u.approved = true
        return SessionCache.Entry(user: try! SignedInUser(u), lastSeen: readAt, readAt: readAt)
    }

    @Test func anEntryLastsItsLifetimeAndNoLonger() {
        let cache = SessionCache(lifetime: 10)
        let t = Date(timeIntervalSince1970: 1_000_000)
        cache.store("a", Self.entry("a", readAt: t), readUnder: cache.generation)
        #expect(cache.lookup("a", now: t.addingTimeInterval(9.9))?.user.name == "a")
        #expect(cache.lookup("a", now: t.addingTimeInterval(10)) == nil, "expired at its lifetime")
        cache.store("b", Self.entry("b", readAt: t), readUnder: cache.generation)
        #expect(cache.lookup("b", now: t.addingTimeInterval(-1)) == nil, "a clock set back does not stretch an entry")
        #expect(SessionCache(lifetime: 0).lookup("a", now: t) == nil)
    }

    @Test func aReadBegunBeforeAChangeIsNotKept() {
        let cache = SessionCache(lifetime: 10)
        let t = Date(timeIntervalSince1970: 1_000_000)
        let before = cache.generation          // a request starts reading the session from the database...
        cache.invalidate()                     // ...while another commits a deactivation
        cache.store("a", Self.entry("a", readAt: t), readUnder: before)
        #expect(cache.lookup("a", now: t) == nil, "what it read may be stale: dropped")
        cache.store("a", Self.entry("a", readAt: t), readUnder: cache.generation)
        cache.invalidate()
        #expect(cache.lookup("a", now: t) == nil, "an invalidation forgets what was kept")
    }

    @Test func aFullCacheStartsAgain() {
        let cache = SessionCache(lifetime: 10, capacity: 3)
        let t = Date(timeIntervalSince1970: 1_000_000)
        for k in ["a", "b", "c", "d"] { cache.store(k, Self.entry(k, readAt: t), readUnder: cache.generation) }
        #expect(cache.lookup("d", now: t) != nil && cache.lookup("a", now: t) == nil)
    }

    @Test func aSessionIsReadAgainAfterTheCacheLifetime() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let token = try await h.token(op)
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .ok)
            // Another server process on the same database ends the session: this one does not hear of it...
            try await UserSession.query(on: h.app.db).delete()
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .ok, "trusted from memory within its lifetime")
            // ...until the lifetime has passed.
            h.clock.advance(h.app.platform.config.sessionCacheLifetime)
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test func withTheCacheOffEveryRequestReadsTheSession() async throws {
        try await Harness.run(configure: { $0.sessionCacheLifetime = 0 }) { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let token = try await h.token(op)
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .ok)
            try await UserSession.query(on: h.app.db).delete()
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test func changesMadeHereAreSeenByTheVeryNextRequest() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let opToken = try await h.token(op)
            let org = try await h.organisation("Essex County Council", ico: "Z6034810", roles: [.analyst, .orgAdmin], operatorToken: opToken)
            let analyst = org.tokens[.analyst]!, admin = org.tokens[.orgAdmin]!
            let me = try await h.client.expect(MeOut.self, .GET, "api/v1/me", token: analyst)
            #expect(me.role == .analyst)
            // A role changed by the organisation's admin.
            _ = try await h.client.expect(UserSummaryOut.self, .PATCH, "api/v1/organisations/\(org.id)/users/\(me.id)", token: admin,
                                          json: ["role": "signatory", "reason": "now signs for the council"])
            #expect(try await h.client.expect(MeOut.self, .GET, "api/v1/me", token: analyst).role == .signatory)
            // Signing out.
            #expect(try await h.call(.DELETE, "api/v1/sessions", token: analyst).status == .noContent)
            #expect(try await h.call(.GET, "api/v1/me", token: analyst).status == .unauthorized)
            // A deactivation, while every session of the operator is in memory too.
            #expect(try await h.call(.GET, "api/v1/me", token: opToken).status == .ok)
            #expect(try await h.call(.GET, "api/v1/me", token: admin).status == .ok)
            let other = try await h.token(try await h.renew("analyst@z6034810.test"))
            #expect(try await h.call(.GET, "api/v1/me", token: other).status == .ok)
            _ = try await h.client.expect(UserSummaryOut.self, .POST, "api/v1/organisations/\(org.id)/users/\(me.id)/deactivate", token: admin,
                                          json: ["reason": "left the council"])
            #expect(try await h.call(.GET, "api/v1/me", token: other).status == .unauthorized)
            #expect(try await h.call(.GET, "api/v1/me", token: opToken).status == .ok, "other users' sessions go on")
        }
    }
}
