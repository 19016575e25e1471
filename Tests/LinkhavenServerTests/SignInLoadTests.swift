import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

@Suite("Sign-in that holds under concurrency (in-process HTTP)", .serialized)
struct SignInLoadTests {
    @Test func aStormOfWrongPasswordsChecksNoMoreThanTheLockoutAllows() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let opToken = try await h.token(op)
            let org = try await h.organisation("Essex County Council", ico: "Z6034810", roles: [.analyst], operatorToken: opToken)
            let other = try await h.renew("analyst@z6034810.test")
            let before = h.app.platform.hasher.passwordsChecked, claimsBefore = h.app.platform.signInGate.claimsWritten
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<200 {
                    group.addTask { try await h.call(.POST, "api/v1/sessions", json: ["email": op.email, "password": "wrong \(i)", "code": "123456"]).status }
                }
                // Another user signs in and reads during the storm.
                group.addTask { try await h.call(.GET, "api/v1/me", token: try await h.token(other)).status }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let checked = h.app.platform.hasher.passwordsChecked - before
            let limit = h.app.platform.config.maxFailedSignIns
            #expect(checked == limit + 1, "the storm's passwords checked: \(checked - 1), at most \(limit); plus the other user's one")
            #expect(statuses.filter { $0 == .unauthorized }.count == limit, "exactly the allowed attempts were checked and refused")
            #expect(statuses.filter { $0 == .locked }.count == 200 - limit, "every other attempt found the account locked")
            #expect(statuses.filter { $0 == .ok }.count == 1, "the other user's read answered")
            #expect(h.app.platform.signInGate.claimsWritten - claimsBefore == limit + 1,
                    "the storm wrote only the claims the lockout allows (the others found the account locked by a read); plus the other user's one")
            #expect(try await h.signIn(op).status == .locked, "the account stays locked, even for the right password")
            let u = try #require(try await User.find(op.id, on: h.app.db))
            #expect(u.lockedUntil != nil && u.failedSignIns == limit)
            h.clock.advance(h.app.platform.config.lockout + 1)
            #expect(try await h.signIn(op).status == .created, "the lock ends and the right password works")
            let after = try #require(try await User.find(op.id, on: h.app.db))
            #expect(after.lockedUntil == nil && after.failedSignIns == 0, "a success clears the count")
            _ = org
        }
    }

    @Test func aRightPasswordGivesBackItsClaimAndAnUnknownAddressCostsTheSame() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            for _ in 0..<4 { #expect(try await h.call(.POST, "api/v1/sessions", json: ["email": op.email, "password": "nope", "code": "1"]).status == .unauthorized) }
            #expect(try await h.signIn(op).status == .created, "four failures and then the right password: in")
            for _ in 0..<4 { #expect(try await h.call(.POST, "api/v1/sessions", json: ["email": op.email, "password": "nope", "code": "1"]).status == .unauthorized) }
            #expect(try await h.signIn(op).status == .created, "the count started again after the success")
            let before = h.app.platform.hasher.passwordsChecked
            let unknown = try await h.call(.POST, "api/v1/sessions", json: ["email": "nobody@linkhaven.test", "password": "x", "code": "1"])
            #expect(unknown.status == .unauthorized && unknown.error == "the e-mail, password or code is wrong")
            #expect(h.app.platform.hasher.passwordsChecked == before + 1, "an unknown address is checked against a decoy hash, as slowly")
        }
    }

    /// The lockout tells no one who has an account: an address with none is answered, try by try, as one with an
    /// account is — wrong, wrong, …, then locked for the same time — and a locked one of either kind costs no hash.
    @Test func anUnknownAddressLocksAsAKnownOneDoes() async throws {
        try await Harness.run(configure: { $0.signInBurst = 100; $0.signInPerMinute = 600 }) { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            func tries(_ email: String) async throws -> [String] {
                var out: [String] = []
                for _ in 0..<7 {
                    let r = try await h.call(.POST, "api/v1/sessions", json: ["email": email, "password": "nope", "code": "1"])
                    out.append("\(r.status.code) \(r.error)")
                }
                return out
            }
            let known = try await tries(op.email), unknown = try await tries("nobody@linkhaven.test")
            #expect(known == unknown, "\(known) vs \(unknown)")
            #expect(known.map { $0.prefix(3) } == ["401", "401", "401", "401", "401", "423", "423"])
            let before = h.app.platform.hasher.passwordsChecked
            #expect(try await h.call(.POST, "api/v1/sessions", json: ["email": "NOBODY@linkhaven.test", "password": "x", "code": "1"]).status == .locked,
                    "the address as it is written makes no difference")
            #expect(h.app.platform.hasher.passwordsChecked == before, "locked: no hash checked, for either")
            h.clock.advance(h.app.platform.config.lockout + 1)
            #expect(try await h.call(.POST, "api/v1/sessions", json: ["email": "nobody@linkhaven.test", "password": "x", "code": "1"]).status == .unauthorized,
                    "the lock ends as an account's does")
        }
    }

    /// Five wrong passwords from an attacker lock the account — for the attacker. Its owner, signing in from a
    /// device they signed in from before, still gets in (password and code checked as ever), with tries of their
    /// own; a device token of another user's, or none, opens nothing.
    @Test func aLockAnAttackerCausesDoesNotKeepTheOwnerOut() async throws {
        try await Harness.run(configure: { $0.signInBurst = 100; $0.signInPerMinute = 600 }) { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let other = try await Accounts.createOperator(app: h.app, email: "second@linkhaven.test", name: "Second")
            let first = try await h.signIn(op)
            let device = try #require(try first.json(SessionOut.self).device)
            let stranger = try #require(try await h.signIn(other).json(SessionOut.self).device)
            #expect(device != stranger)
            for _ in 0..<5 { #expect(try await h.call(.POST, "api/v1/sessions", json: ["email": op.email, "password": "guess", "code": "1"]).status == .unauthorized) }
            #expect(try await h.signIn(op).status == .locked, "locked, for a client without the owner's device")
            func signIn(password: String, device: String) async throws -> APIReply {
                let code = TOTP.code(secret: TOTP.decodeBase32(op.totpSecret)!, time: Int64(h.clock.now.timeIntervalSince1970))
                return try await h.client.call(.POST, "api/v1/sessions", token: nil,
                                               raw: try APIClient.serialised(["email": op.email, "password": password, "code": code]),
                                               headers: [(TrustedDevice.header, device)])
            }
            #expect(try await signIn(password: op.initialPassword, device: stranger).status == .locked, "another user's device token is no key")
            #expect(try await signIn(password: "wrong", device: device).status == .unauthorized, "the device's own tries: a wrong password is still wrong")
            #expect(try await signIn(password: op.initialPassword, device: device).status == .created, "the owner is in")
            #expect(try await h.signIn(op).status == .created, "and their sign-in ended the lock")
            // A stolen device token is worth as many tries as the lockout allows, then nothing.
            for _ in 0..<5 { #expect(try await h.call(.POST, "api/v1/sessions", json: ["email": op.email, "password": "guess", "code": "1"]).status == .unauthorized) }
            for _ in 0..<5 { #expect(try await signIn(password: "guess", device: device).status == .unauthorized) }
            #expect(try await signIn(password: op.initialPassword, device: device).status == .locked)
        }
    }

    @Test func aClientOverItsRateIsToldWhenToComeBack() async throws {
        try await Harness.run(configure: { $0.signInBurst = 3; $0.signInPerMinute = 6 }) { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            #expect(try await h.signIn(op).status == .created)
            for _ in 0..<2 { #expect(try await h.call(.POST, "api/v1/sessions", json: ["email": op.email, "password": "nope", "code": "1"]).status == .unauthorized) }
            let before = h.app.platform.hasher.passwordsChecked
            let limited = try await h.signIn(op)
            #expect(limited.status == .tooManyRequests && limited.error.contains("too many sign-in attempts"))
            #expect(limited.headers.first(name: .retryAfter) == "10", "one attempt per 10 s at 6 a minute")
            #expect(h.app.platform.hasher.passwordsChecked == before, "nothing is checked for a client over its rate")
            h.clock.advance(10)
            #expect(try await h.signIn(op).status == .created, "after Retry-After the client is let through")
            #expect(try await h.signIn(op).status == .tooManyRequests)
        }
    }

    @Test func readsWriteTheSessionsLastSeenAtMostOnceAMinute() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let token = try await h.token(op)
            let signedIn = h.clock.now
            func lastSeen() async throws -> Date { try #require(try await UserSession.query(on: h.app.db).first()).lastSeen }
            for _ in 0..<3 {
                h.clock.advance(15)
                #expect(try await h.call(.GET, "api/v1/me", token: token).status == .ok)
            }
            #expect(try await lastSeen() == signedIn, "reads within the minute leave the session row alone")
            h.clock.advance(20)
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .ok)
            #expect(try await lastSeen() == h.clock.now, "after a minute the next read records it")
            h.clock.advance(29 * 60)
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .ok, "a session in use stays alive")
            h.clock.advance(31 * 60)
            #expect(try await h.call(.GET, "api/v1/me", token: token).status == .unauthorized, "and still idles out")
        }
    }
}
