import Fluent
import Foundation
import NIOConcurrencyHelpers

/// Sign-ins for one e-mail address take their turn in this process, from reading the account to claiming an
/// attempt on it. A storm's requests would otherwise all read the account at once, before any claim has locked
/// it, each then writing a claim (waiting for SQLite's single writer on one of the request connections), their
/// reads and writes queued ahead of everyone else's. In turn, only the claims the lockout allows are written;
/// every later request finds the account locked by its read, and the storm holds at most one connection at a
/// time. The claim itself stays atomic in the database (`SignInAttempts.claim`), so the lockout holds across
/// processes too; the gate spares the queue.
final class SignInGate: Sendable {
    /// What reading the account and claiming an attempt found.
    enum Outcome: Sendable {
        /// No account has this address.
        case unknown
        /// The account's `attempt`th failure until the sign-in passes.
        case claimed(User, attempt: Int)
        /// Locked, as read or as the claim found it.
        case locked(User)
    }

    private let locks = KeyedLocks<String>()
    private let written = NIOLockedValueBox(0)

    /// The claims written to the database since the process started.
    var claimsWritten: Int { written.withLockedValue { $0 } }

    /// Reads the account of `email` (lowercase) and, unless it is locked, claims an attempt on it.
    func claim(email: String, now: Date, max: Int, lockout: TimeInterval, on db: any Database) async throws -> Outcome {
        try await locks.withLock(email) {
            guard let user = try await User.query(on: db).filter(\.$email == email).first() else { return .unknown }
            guard !(user.lockedUntil.map { $0 > now } ?? false) else { return .locked(user) }
            self.written.withLockedValue { $0 += 1 }
            switch try await SignInAttempts.claim(user.requireID(), now: now, max: max, lockout: lockout, on: db) {
            case .claimed(let attempt): return .claimed(user, attempt: attempt)
            case .locked: return .locked(user)
            }
        }
    }
}
