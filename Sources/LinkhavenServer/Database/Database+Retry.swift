import Fluent
import FluentSQLiteDriver
import SQLKit
import Foundation

extension Database {
    /// A transaction run again, after a short jittered pause, when it lost a race with another
    /// connection: SQLite refuses at once (no waiting) a transaction that read and then wants to write
    /// while another connection writes, and two writers may both insert the same unique row. Every
    /// attempt is all or nothing, so the closure must only write what it read in this attempt.
    func retryingTransaction<T: Sendable>(attempts: Int = 40, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await retryingLostRace(attempts: attempts, pauseStep: 5, lost: isLostRace) { try await writeTransaction(body) }
    }

    /// A transaction that means to write. On SQLite it takes the writer's lock as it begins (`BEGIN
    /// IMMEDIATE`), so it waits its turn (the busy timeout) instead of reading first and then being
    /// refused because another connection wrote meanwhile (`SQLITE_BUSY_SNAPSHOT`), which under load
    /// can happen again and again; elsewhere an ordinary transaction.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite", !inTransaction else { return try await transaction(body) }
        return try await withConnection { conn in
            guard let c = conn as? any SQLDatabase else { return try await conn.transaction(body) }
            try await c.raw("BEGIN IMMEDIATE").run()
            do {
                let value = try await body(conn)
                try await c.raw("COMMIT").run()
                return value
            } catch {
                try? await c.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// Whether a database error means the transaction lost a race with another connection (SQLite busy or
/// locked, or a unique constraint another writer got to first), so that running it again may succeed.
func isLostRace(_ error: any Error) -> Bool {
    if let e = error as? SQLiteError, [.busy, .busyInSnapshot, .locked].contains(e.reason) { return true }
    return (error as? any DatabaseError)?.isConstraintFailure == true
}

/// Runs `body` again, after a short jittered pause that grows with each attempt (so that racing
/// writers stop colliding), while it fails with an error `lost` calls a lost race; at most `attempts` times.
func retryingLostRace<T>(isolation: isolated (any Actor)? = #isolation, attempts: Int, pauseStep: Int, lost: (any Error) -> Bool,
                         _ body: () async throws -> T) async throws -> T {
    var attempt = 0
    while true {
        do {
            return try await body()
        } catch {
            attempt += 1
            guard attempt < attempts, lost(error) else { throw error }
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...(2 + min(attempt, 10) * pauseStep))))
        }
    }
}

