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
}

extension Application {
    /// The database for background work (`DatabaseID.background`): the same data as `db`, through
    /// connections the request path does not share.
    var backgroundDB: any Database { db(.background) }

    /// Registers the databases: PostgreSQL with a pool for requests (`LINKHAVEN_DB_POOL` per event loop,
    /// default 4) and one for background work (2 per event loop); SQLite with one connection per
    /// event loop for each, in write-ahead-log mode, waiting (sleeping) up to 5 s for the writer's lock
    /// instead of spinning. Queries run on a blocking pool larger than the cores, so a query waiting for
    /// that lock does not hold up the others.
    func useDatabases(_ config: ServerConfiguration) async throws {
        threadPool = NIOThreadPool(numberOfThreads: max(8, 4 * System.coreCount))
        threadPool.start()
        if let url = config.databaseURL {
            databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: config.requestConnections), as: .psql, isDefault: true)
            databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 2), as: .background, isDefault: false)
        } else {
            let file = config.dataDirectory + "/linkhaven.sqlite"
            databases.use(.sqlite(.file(file)), as: .sqlite, isDefault: true)
            databases.use(.sqlite(.file(file)), as: .background, isDefault: false)
        }
    }

    /// SQLite: write-ahead logging (readers keep reading while a writer commits; durable against a
    /// killed process with synchronous=FULL), and a sleeping busy timeout on every connection of
    /// both pools (SQLiteNIO's own busy handler retries at once, in a loop, holding a thread).
    func tuneSQLite() async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        for id in [DatabaseID.sqlite, .background] {
            for loop in eventLoopGroup.makeIterator() {
                guard let each = databases.database(id, logger: logger, on: loop) as? any SQLDatabase else { continue }
                try await each.raw("PRAGMA busy_timeout = 5000").run()
            }
        }
    }
}
