import Fluent
import Foundation
import LinkhavenAPI
import SQLKit
import Vapor

extension PlatformMetrics {
    /// Reads what is a level rather than a count, as the metrics are scraped: linkage runs by state, the queues'
    /// depths (runs queued, uploads being checked, e-mails unsent), the database's connections, and the file
    /// store's size. A part that cannot be read is left at its last value (the scrape itself still answers).
    func collect(_ app: Application) async {
        let db = app.db
        if let counts = try? await Self.counts(LinkageJob.schema, on: db) {
            for state in RunStatus.allCases { gauge("linkhaven_linkage_runs_by_state", [("state", state.rawValue)], Double(counts[state.rawValue] ?? 0)) }
            gauge("linkhaven_queue_depth", [("queue", "linkage")], Double(counts[RunStatus.queued.rawValue] ?? 0))
        }
        if let counts = try? await Self.counts(Upload.schema, on: db) {
            gauge("linkhaven_queue_depth", [("queue", "validation")], Double(counts[UploadStatus.validating.rawValue] ?? 0))
            gauge("linkhaven_uploads_in_progress", [], Double(counts[UploadStatus.receiving.rawValue] ?? 0))
        }
        if let unsent = try? await MailMessage.query(on: db).filter(\.$sentAt == nil).count() {
            gauge("linkhaven_queue_depth", [("queue", "mail")], Double(unsent))
        }
        await database(app)
        store(app.platform)
    }

    /// Rows of `table` by their `status`.
    private static func counts(_ table: String, on db: any Database) async throws -> [String: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(table).groupBy("status").all()
        var out: [String: Int] = [:]
        for row in rows { out[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        return out
    }

    /// Each pool's size (connections per event loop × event loops), and on PostgreSQL the connections to this
    /// database as the server sees them, by state (every process's: API and workers).
    private func database(_ app: Application) async {
        let loops = app.eventLoopGroup.makeIterator().reduce(0) { n, _ in n + 1 }
        let postgres = app.platform.config.databaseURL != nil
        let perLoop = postgres ? [("requests", app.platform.config.requestConnections), ("background", 2), ("audit", 1)]
            : [("requests", 1), ("background", 1), ("audit", 1)]
        for (pool, n) in perLoop { gauge("linkhaven_database_pool_size", [("pool", pool)], Double(n * loops)) }
        guard postgres, let sql = app.db as? any SQLDatabase,
              let rows = try? await sql.raw("""
                  SELECT COALESCE(state, 'unknown') AS state, COUNT(*) AS n FROM pg_stat_activity
                  WHERE datname = current_database() GROUP BY 1
                  """).all() else { return }
        var seen: [String: Int] = ["active": 0, "idle": 0, "idle in transaction": 0]
        for row in rows {
            guard let state = try? row.decode(column: "state", as: String.self), let n = try? row.decode(column: "n", as: Int.self) else { continue }
            seen[state, default: 0] += n
        }
        for (state, n) in seen { gauge("linkhaven_database_connections", [("state", state.replacingOccurrences(of: " ", with: "_"))], Double(n)) }
    }

    /// The file store's files and bytes, walked at most once a minute.
    private func store(_ platform: Platform) {
        let now = Date()
        let size: (files: Int, bytes: Int)? = storeSize.withLockedValue { cached in
            if let c = cached, now.timeIntervalSince(c.at) < 60 { return (c.files, c.bytes) }
            guard let measured = try? platform.store.size() else { return nil }
            cached = (now, measured.files, measured.bytes)
            return measured
        }
        guard let size else { return }
        gauge("linkhaven_store_files", [], Double(size.files))
        gauge("linkhaven_store_bytes", [], Double(size.bytes))
    }
}
