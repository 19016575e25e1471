import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// What checking a sign-in found: whether a recovery code was spent, and whether the user signs in
/// only to enrol a new authenticator (after an admin reset their two-factor sign-in).
struct SignInCheck {
    var usedRecovery: Bool
    var enrolling: Bool
    /// Signed in through the organisation's identity provider (audited as such).
    var singleSignOn = false
}

/// Signing in, in three steps: claiming an attempt on the account, checking what was given, and
/// opening the session. Every refusal is audited; none says which part was wrong.
extension Request {
    /// The account `input` names, with one attempt claimed on it: an unknown address costs as much as
    /// a known one (401); an account locked as read is refused without a write, otherwise the atomic
    /// claim decides (423).
    /// A locked account may still be tried from one of its owner's devices (`TrustedDevice`), with tries of its own:
    /// `device` is then the device's token.
    func claimSignIn(_ input: SignIn) async throws -> (user: User, locksIfWrong: Bool, device: String?) {
        let config = platform.config
        guard input.email.utf8.count <= 254, input.password.utf8.count <= 200, input.code.utf8.count <= 40 else {
            throw Abort(.unprocessableEntity, reason: "the e-mail, password or code is too long")
        }
        guard let user = try await User.query(on: db).filter(\.$email == input.email.lowercased()).first() else {
            // Counted and locked as an account would be, and as slow: neither the time nor the lockout says who has an account.
            guard case .claimed = platform.unknownAddresses.claim(input.email, now: now, max: config.maxFailedSignIns, lockout: config.lockout) else {
                platform.metrics.signInRefused(.locked)
                try await audit(nil, organisation: nil, action: "session.create", object: "session", outcome: "denied: locked")
                throw Abort(.locked, reason: "too many failed sign-ins; try again later or ask your organisation admin")
            }
            _ = try await platform.hasher.verify(input.password, against: nil)   // as slow as a known address
            platform.metrics.signInRefused(.unknownAccount)
            try await audit(nil, organisation: nil, action: "session.create", object: "session", outcome: "denied")
            throw Abort(.unauthorized, reason: "the e-mail, password or code is wrong")
        }
        let userID = try user.requireID()
        // An account the row just read shows locked is refused without a write (a storm then costs reads,
        // not a queue at SQLite's single writer); otherwise the atomic claim decides, the account's claims
        // taking their turn (`SignInGate`).
        let lockedAsRead = user.lockedUntil.map { $0 > now } ?? false
        let claim = lockedAsRead ? .locked : try await platform.signInGate.claim(userID, now: now, max: config.maxFailedSignIns, lockout: config.lockout, on: db)
        guard case .claimed(let attempt) = claim else {
            if let device = headers.first(name: TrustedDevice.header), platform.devices.isGenuine(device, for: userID),
               platform.devices.claim(device, now: now, max: config.maxFailedSignIns, lockout: config.lockout) {
                return (user, false, device)   // the owner's own device: its own tries, the account's lock untouched until it passes
            }
            platform.metrics.signInRefused(.locked)
            try await audit(nil, organisation: user.$organisation.id?.uuidString, action: "session.create", object: "user/\(userID)", outcome: "denied: locked")
            throw Abort(.locked, reason: "too many failed sign-ins; try again later or ask your organisation admin")
        }
        return (user, attempt >= config.maxFailedSignIns, nil)
    }

    /// Checks the password (on the hashing pool) and the code or a recovery code (401 if either is
    /// wrong; the claim already counted the failure), then whether the account still has access (403,
    /// saying who can restore it).
    /// `locksIfWrong`: the claim used the account's last attempt, so a wrong password or code locks it.
    func checkSignIn(_ user: User, _ input: SignIn, locksIfWrong: Bool) async throws -> SignInCheck {
        let userID = try user.requireID(), org = user.$organisation.id?.uuidString, config = platform.config
        let passwordOK = try await platform.hasher.verify(input.password, against: user.passwordHash)
        let enrolling = user.totpEnrolmentRequired   // after a reset, the password alone leads to enrolling a new authenticator
        var codeOK = Accounts.totpSecret(of: user, key: platform.masterKey).map { TOTP.verify(input.code, secret: $0, time: Int64(now.timeIntervalSince1970)) } ?? false
        var usedRecovery = false
        if passwordOK, !codeOK, input.code.contains("-"), Accounts.useRecoveryCode(input.code, of: user) { codeOK = true; usedRecovery = true }
        guard passwordOK && (codeOK || enrolling) else {
            platform.metrics.signInRefused(.wrongCredentials)
            if locksIfWrong { platform.metrics.lockedOut() }
            try await audit(nil, organisation: org, action: "session.create", object: "user/\(userID)", outcome: "denied")
            throw Abort(.unauthorized, reason: "the e-mail, password or code is wrong")
        }
        let state = user.accessState(config: config, now: now)
        if let ended = User.accessEnded(state, config: config) {
            try await SignInAttempts.passed(userID, signedInAt: nil, on: db)
            platform.metrics.signInRefused(.accessEnded)
            try await audit(nil, organisation: org, action: "session.create", object: "user/\(userID)", outcome: "denied: \(state.rawValue)")
            throw Abort(.forbidden, reason: ended + "; " + (try await Accounts.restorers(of: user, on: db)))
        }
        return SignInCheck(usedRecovery: usedRecovery, enrolling: enrolling)
    }

    /// Opens a session for a checked sign-in: the recovery code spent, the attempts cleared, a new
    /// token (only its hash stored), and the audit event.
    func openSession(_ user: User, _ check: SignInCheck, device: String? = nil) async throws -> SessionOut {
        let userID = try user.requireID()
        if check.usedRecovery { try await user.save(on: db) }   // the code is spent
        try await SignInAttempts.passed(userID, signedInAt: now, on: db)   // the owner is in: any lock ends
        if let device { platform.devices.passed(device) }
        let token = Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let s = UserSession()
        s.$user.id = userID; s.tokenHash = Hex.encode(SHA256.hash(data: Array(token.utf8))); s.lastSeen = now
        try await s.save(on: db)
        let caller = Caller(try SignedInUser(user), config: platform.config, now: now)
        try await audit(caller, organisation: user.$organisation.id?.uuidString, action: check.usedRecovery ? "session.create.recovery-code" : check.singleSignOn ? "session.create.sso" : "session.create",
                        object: "user/\(caller.userID)")
        return SessionOut(token: token, passwordChangeRequired: caller.passwordChangeRequired, twoFactorEnrolmentRequired: check.enrolling,
                          device: platform.devices.token(for: userID))
    }
}
