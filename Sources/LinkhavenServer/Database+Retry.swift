import Fluent
import FluentSQLiteDriver
import Foundation

extension Database {
    /// A transaction run again, after a short jittered pause, when it lost a race with another
    /// connection: SQLite refuses at once (no waiting) a transaction that read and then wants to write
    /// while another connection writes, and two writers may both insert the same unique row. Every
    /// attempt is all or nothing, so the closure must only write what it read in this attempt.
    func retryingTransaction<T: Sendable>(attempts: Int = 40, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await retryingLostRace(attempts: attempts, pauseStep: 5, lost: Self.isLostRace) { try await transaction(body) }
    }

    static func isLostRace(_ error: any Error) -> Bool {
        if let e = error as? SQLiteError, [.busy, .busyInSnapshot, .locked].contains(e.reason) { return true }
        return (error as? any DatabaseError)?.isConstraintFailure == true
    }
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
