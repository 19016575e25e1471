import Fluent
import Foundation
import SQLKit
import Vapor

/// The lockout, held however many sign-ins arrive at once: each attempt first claims one of the
/// account's allowed attempts in a single conditional `UPDATE … RETURNING` (atomic in SQLite and
/// PostgreSQL alike), and only a claimed attempt has its password checked. The claim counts as a
/// failure until the sign-in succeeds; the claim that uses up the last allowed attempt also locks
/// the account. So within one lockout window no more than `maxFailedSignIns` passwords are ever
/// checked, and a crash mid-check counts against the attacker, not for them.
enum SignInAttempts {
    /// An attempt claimed (the account's `attempt`th failure until it passes; the one that reaches the limit
    /// locks the account should it fail), or none, the account being locked.
    enum Claim: Equatable { case claimed(attempt: Int), locked }

    /// Claims an attempt for `user`, or finds the account locked (or its last attempts in flight).
    static func claim(_ user: UUID, now: Date, max: Int, lockout: TimeInterval, on db: any Database) async throws -> Claim {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        // An expired lock starts a fresh count (CASE uses the row's values before this update).
        let rows = try await sql.raw("""
            UPDATE users SET
              failed_sign_ins = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END,
              locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END) >= \(bind: max)
                                  THEN \(bind: now.addingTimeInterval(lockout)) ELSE NULL END
            WHERE id = \(bind: user)
              AND ((locked_until IS NULL AND failed_sign_ins < \(bind: max)) OR (locked_until IS NOT NULL AND locked_until <= \(bind: now)))
            RETURNING failed_sign_ins
            """).all()
        guard let row = rows.first else { return .locked }
        return .claimed(attempt: try row.decode(column: "failed_sign_ins", as: Int.self))
    }

    /// Whether the account is locked now, as the database holds it (a read: no wait for the writer).
    static func isLocked(_ user: UUID, now: Date, on db: any Database) async throws -> Bool {
        let rows = try await db.rows("SELECT locked_until FROM users WHERE id = \(bind: user)")
        return try rows.first?.decodeOptional(column: "locked_until", as: Date.self).map { $0 > now } ?? false
    }

    /// The right password and code give back the claim and every earlier failure, and end any lock;
    /// `signedInAt` records the sign-in (`nil` when access had ended, so the user is not let in).
    static func passed(_ user: UUID, signedInAt: Date?, on db: any Database) async throws {
        let q = User.query(on: db).filter(\.$id == user).set(\.$failedSignIns, to: 0).set(\.$lockedUntil, to: nil)
        if let signedInAt { q.set(\.$lastSignInAt, to: signedInAt) }
        try await q.update()
    }
}
