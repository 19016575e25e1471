import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Who is making a request: resolved from the bearer session token.
struct Caller: Sendable {
    var userID: UUID
    var organisationID: UUID?
    var role: Role
    var passwordChangeRequired: Bool

    /// The caller a user is at `now`: a password older than the configured maximum must be changed first.
    init(_ user: SignedInUser, config: ServerConfiguration, now: Date) {
        userID = user.id
        organisationID = user.organisationID
        role = Role(rawValue: user.role) ?? .auditor
        passwordChangeRequired = now.timeIntervalSince(user.passwordChangedAt) > config.passwordMaxAge
    }

    var actor: String { userID.uuidString }
    var organisation: String? { organisationID?.uuidString }
}

extension Request {
    /// The signed-in caller; 401 without a live session, 403 while a password change is due.
    /// A deactivated user's sessions end at once (401); after a two-factor reset only enrolment is allowed.
    func caller(allowPasswordChange: Bool = false, allowEnrolment: Bool = false) async throws -> Caller {
        try await caller(sessionToken: headers.bearerAuthorization?.token, allowPasswordChange: allowPasswordChange, allowEnrolment: allowEnrolment)
    }

    /// The caller whose session token is `token` (a bearer token, or a web page's session cookie), with the same checks.
    func caller(sessionToken token: String?, allowPasswordChange: Bool = false, allowEnrolment: Bool = false) async throws -> Caller {
        guard let token, token.utf8.count <= 100 else { throw Abort(.unauthorized, reason: "sign in first") }
        let hash = Hex.encode(SHA256.hash(data: Array(token.utf8)))
        let user = try await signedInUser(tokenHash: hash)
        if user.totpEnrolmentRequired && !allowEnrolment {
            throw Abort(.forbidden, reason: "enrol your authenticator app first (\(API.startTwoFactor.key)): your two-factor sign-in was reset")
        }
        let caller = Caller(user, config: platform.config, now: now)
        storage[LoggedCaller.self] = LoggedCaller(user: caller.userID)
        if caller.passwordChangeRequired && !allowPasswordChange {
            throw Abort(.forbidden, reason: "change your password first (\(API.changePassword.key)): an initial password, or one past its maximum age, must be changed before anything else")
        }
        return caller
    }

    /// The user of the session whose token hashes to `hash`: as this request already found it (a web
    /// page's own API calls), as this process found it a moment ago (`SessionCache`), or from the database,
    /// which ends a session idle too long or of a deactivated user, and notes the session's use at most
    /// once a `UserSession.lastSeenResolution`.
    private func signedInUser(tokenHash hash: String) async throws -> SignedInUser {
        if let resolved = storage[ResolvedSession.self], resolved.tokenHash == hash { return resolved.user }
        let config = platform.config, cache = platform.sessions, now = self.now
        let fresh = min(UserSession.lastSeenResolution, config.sessionIdleTimeout)
        if let known = cache.lookup(hash, now: now), now.timeIntervalSince(known.lastSeen) < fresh {
            storage[ResolvedSession.self] = ResolvedSession(tokenHash: hash, user: known.user)
            return known.user
        }
        let generation = cache.generation
        // One query: the session with its user.
        guard let session = try await UserSession.query(on: db).filter(\.$tokenHash == hash).join(User.self, on: \UserSession.$user.$id == \User.$id).first() else {
            throw Abort(.unauthorized, reason: "the session has ended; sign in again")
        }
        if now.timeIntervalSince(session.lastSeen) > config.sessionIdleTimeout {
            try await session.delete(on: db)
            throw Abort(.unauthorized, reason: "the session expired after inactivity; sign in again")
        }
        let user = try SignedInUser(try session.joined(User.self))
        if user.isDeactivated {
            try await session.delete(on: db)
            throw Abort(.unauthorized, reason: "your account has been deactivated by your organisation; this session has ended")
        }
        var lastSeen = session.lastSeen
        if now.timeIntervalSince(lastSeen) >= UserSession.lastSeenResolution {   // at most one write a minute per session
            try await UserSession.query(on: db).filter(\.$id == session.requireID()).set(\.$lastSeen, to: now).update()
            lastSeen = now
        }
        cache.store(hash, .init(user: user, lastSeen: lastSeen, readAt: now), readUnder: generation)
        storage[ResolvedSession.self] = ResolvedSession(tokenHash: hash, user: user)
        return user
    }

    /// Records an audit event for this request.
    func audit(_ caller: Caller?, organisation: String?, action: String, object: String, outcome: String = "success") async throws {
        try await platform.audit.record(on: db, at: now, actor: caller?.actor ?? "anonymous", organisation: organisation,
                                        action: action, object: object, outcome: outcome)
    }

    /// Records that the caller read something (a list or a record): the event joins its chain a moment
    /// after the reply, so that a GET does not wait for a write (see `AuditLog.note`).
    func auditRead(_ caller: Caller, organisation: String?, action: String, object: String) {
        platform.audit.note(on: db, at: now, actor: caller.actor, organisation: organisation, action: action, object: object)
    }
}

/// The session a request has already checked (its token's hash and user): the API calls a web page
/// makes in process, as its user, while it is being built reuse it instead of checking it again.
struct ResolvedSession: StorageKey, Sendable {
    typealias Value = ResolvedSession
    var tokenHash: String
    var user: SignedInUser
}
