import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOPosix
import Vapor

extension DatabaseID {
    /// Connections of their own for work that is not a request: upload validation's commits, the
    /// linkage worker (claims, heartbeats, storing results), sweeps. Requests never queue behind it.
    static let background = DatabaseID(string: "background")
    /// A connection per event loop for the audit log's group commits alone, so that a request never
    /// waits for a connection that is itself waiting for the writer's lock to append events (on SQLite,
    /// behind a long background write, that wait would hold one of the only two request connections).
    static let audit = DatabaseID(string: "audit")
}

extension Application {
    /// The database for background work (`DatabaseID.background`): the same data as `db`, through
    /// connections the request path does not share.
    var backgroundDB: any Database { db(.background) }

    /// The database the audit log writes through (`DatabaseID.audit`).
    var auditDB: any Database { db(.audit) }

    /// Registers the databases: PostgreSQL with a pool for requests (`LINKHAVEN_DB_POOL` per event loop,
    /// default 4), one for background work (2 per event loop) and one for the audit log (1); SQLite with
    /// one connection per event loop for each (FluentSQLiteDriver allows no more), in write-ahead-log mode, waiting (sleeping) up to 5 s for the writer's lock
    /// instead of spinning. Queries run on a blocking pool larger than the cores, so a query waiting for
    /// that lock does not hold up the others.
    func useDatabases(_ config: ServerConfiguration) async throws {
        threadPool = NIOThreadPool(numberOfThreads: max(8, 4 * System.coreCount))
        threadPool.start()
        if let url = config.databaseURL {
            databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: config.requestConnections), as: .psql, isDefault: true)
            databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 2), as: .background, isDefault: false)
            databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 1), as: .audit, isDefault: false)
        } else {
            let file = config.dataDirectory + "/linkhaven.sqlite"
            databases.use(.sqlite(.file(file)), as: .sqlite, isDefault: true)
            databases.use(.sqlite(.file(file)), as: .background, isDefault: false)
            databases.use(.sqlite(.file(file)), as: .audit, isDefault: false)
        }
    }

    /// SQLite: write-ahead logging (readers keep reading while a writer commits; durable against a
    /// killed process with synchronous=FULL), a sleeping busy timeout on every connection of
    /// both pools (SQLiteNIO's own busy handler retries at once, in a loop, holding a thread), and
    /// secure deletion: what is deleted (destroyed data's derived rows above all) is overwritten with
    /// zeros in the file, not left in free pages for anyone who reads the file to find (SQLiteNIO's
    /// SQLite is built with it on; said here so that it holds whichever SQLite is linked).
    func tuneSQLite() async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        for id in [DatabaseID.sqlite, .background, .audit] {
            for loop in eventLoopGroup.makeIterator() {
                guard let each = databases.database(id, logger: logger, on: loop) as? any SQLDatabase else { continue }
                try await each.raw("PRAGMA busy_timeout = 5000").run()
                try await each.raw("PRAGMA secure_delete = ON").run()
            }
        }
    }
}
