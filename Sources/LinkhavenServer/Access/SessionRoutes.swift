import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Signing in and out. A sign-in passes, in order: the client's rate limit (429), the account's
/// lockout, claimed atomically (423), the password, checked on the hashing pool, and the code.
func sessionRoutes(_ api: any RoutesBuilder, limiter: RateLimiter) {
    api.grouped(RateLimitMiddleware(limiter: limiter, what: "sign-in attempts")).on(API.signIn) { req, input in
        let config = req.platform.config
        guard input.email.utf8.count <= 254, input.password.utf8.count <= 200, input.code.utf8.count <= 40 else {
            throw Abort(.unprocessableEntity, reason: "the e-mail, password or code is too long")
        }
        guard let user = try await User.query(on: req.db).filter(\.$email == input.email.lowercased()).first() else {
            _ = try await req.platform.hasher.verify(input.password, against: nil)   // as slow as a known address
            try await req.audit(nil, organisation: nil, action: "session.create", object: "session", outcome: "denied")
            throw Abort(.unauthorized, reason: "the e-mail, password or code is wrong")
        }
        let userID = try user.requireID()
        let org = user.$organisation.id?.uuidString
        // An account the row just read shows locked is refused without a write (a storm then costs reads,
        // not a queue at SQLite's single writer); otherwise the atomic claim decides.
        let lockedAsRead = user.lockedUntil.map { $0 > req.now } ?? false
        guard !lockedAsRead,
              try await SignInAttempts.claim(userID, now: req.now, max: config.maxFailedSignIns, lockout: config.lockout, on: req.db) == .claimed else {
            try await req.audit(nil, organisation: org, action: "session.create", object: "user/\(userID)", outcome: "denied: locked")
            throw Abort(.locked, reason: "too many failed sign-ins; try again later or ask your organisation admin")
        }
        let passwordOK = try await req.platform.hasher.verify(input.password, against: user.passwordHash)
        let enrolling = user.totpEnrolmentRequired   // after a reset, the password alone leads to enrolling a new authenticator
        var codeOK = Accounts.totpSecret(of: user, key: req.platform.masterKey).map { TOTP.verify(input.code, secret: $0, time: Int64(req.now.timeIntervalSince1970)) } ?? false
        var usedRecovery = false
        if passwordOK, !codeOK, input.code.contains("-"), Accounts.useRecoveryCode(input.code, of: user) { codeOK = true; usedRecovery = true }
        guard passwordOK && (codeOK || enrolling) else {   // the claim already counted this failure
            try await req.audit(nil, organisation: org, action: "session.create", object: "user/\(userID)", outcome: "denied")
            throw Abort(.unauthorized, reason: "the e-mail, password or code is wrong")
        }
        let state = user.accessState(config: config, now: req.now)
        if let ended = User.accessEnded(state, config: config) {
            try await SignInAttempts.passed(userID, signedInAt: nil, on: req.db)
            try await req.audit(nil, organisation: org, action: "session.create", object: "user/\(userID)", outcome: "denied: \(state.rawValue)")
            throw Abort(.forbidden, reason: ended + "; " + (try await Accounts.restorers(of: user, on: req.db)))
        }
        if usedRecovery { try await user.save(on: req.db) }   // the code is spent
        try await SignInAttempts.passed(userID, signedInAt: req.now, on: req.db)
        let token = Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let s = UserSession()
        s.$user.id = userID; s.tokenHash = Hex.encode(SHA256.hash(data: Array(token.utf8))); s.lastSeen = req.now
        try await s.save(on: req.db)
        let caller = Caller(try SignedInUser(user), config: config, now: req.now)
        try await req.audit(caller, organisation: org, action: usedRecovery ? "session.create.recovery-code" : "session.create", object: "user/\(caller.userID)")
        return SessionOut(token: token, passwordChangeRequired: caller.passwordChangeRequired, twoFactorEnrolmentRequired: enrolling)
    }

    api.on(API.signOut) { req in
        let caller = try await req.caller(allowPasswordChange: true, allowEnrolment: true)
        let hash = Hex.encode(SHA256.hash(data: Array((req.headers.bearerAuthorization?.token ?? "").utf8)))
        try await UserSession.query(on: req.db).filter(\.$tokenHash == hash).delete()
        req.platform.sessions.invalidate()
        try await req.audit(caller, organisation: caller.organisation, action: "session.delete", object: "user/\(caller.userID)")
        return NoBody()
    }
}
