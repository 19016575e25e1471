import FluentPostgresDriver
import FluentSQLiteDriver
import NIOCore
import NIOPosix

/// Errors that mean the database cannot be reached for the moment (PostgreSQL down, restarting or cut
/// off; no connection free in time; SQLite held by another writer past the busy timeout), as opposed to
/// a fault in the request or the code. A request that meets one answers 503 with `Retry-After`, and,
/// its transaction never having committed, nothing was changed: the provider tool and the web pages
/// say to try again, and the pool connects afresh once the database is back.
enum DatabaseOutage {
    /// Seconds a client is asked to wait before trying again.
    static let retryAfter = 5

    /// Whether `error` is the database being out of reach rather than a fault of the request.
    static func matches(_ error: any Error) -> Bool {
        if let e = error as? PSQLError {
            if [.connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection].contains(e.code) { return true }
            if e.code == .server, let state = e.serverInfo?[.sqlState] {   // the server shutting down or starting up
                return ["57P01", "57P02", "57P03", "08000", "08003", "08006"].contains(state)
            }
            return false
        }
        if error is ConnectionPoolTimeoutError || error is NIOConnectionError || error is ChannelError { return true }
        if let e = error as? IOError { return [ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH].contains(e.errnoCode) }
        if let e = error as? SQLiteError { return [.busy, .locked].contains(e.reason) }
        return false
    }
}
