import Fluent
import Foundation
import NIOConcurrencyHelpers

/// Sign-in claims on one account take their turn in this process, each looking at the account's lock again
/// first. The requests of a storm all read the account before any claim has locked it; through the gate they
/// find it locked by a read, so the database sees no more claims (writes, each waiting for SQLite's single
/// writer on a request connection) than the lockout allows, and the reads of everyone else keep their
/// connections. The claim itself stays atomic in the database (`SignInAttempts.claim`), so the lockout holds
/// across processes too; the gate only spares the writes. Every sign-in claims through it: with a password and
/// after an organisation's identity provider, alike.
final class SignInGate: Sendable {
    private let locks = KeyedLocks<UUID>()
    private let written = NIOLockedValueBox(0)

    /// The claims written to the database since the process started.
    var claimsWritten: Int { written.withLockedValue { $0 } }

    /// Claims an attempt on `user`'s account, or finds it locked.
    func claim(_ user: UUID, now: Date, max: Int, lockout: TimeInterval, on db: any Database) async throws -> SignInAttempts.Claim {
        try await locks.withLock(user) {
            guard try await !SignInAttempts.isLocked(user, now: now, on: db) else { return .locked }
            self.written.withLockedValue { $0 += 1 }
            return try await SignInAttempts.claim(user, now: now, max: max, lockout: lockout, on: db)
        }
    }
}
