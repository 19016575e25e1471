import Fluent
import Foundation
import SQLKit
import Vapor
@testable import LinkhavenServer

/// Everything the platform holds, as text to search: every row of every table (SQLite or
/// PostgreSQL, read through the database's own catalogue, so a table added later is searched too)
/// and every file under the data directory, the database's own files included.
struct StoredEverything {
    /// Each table's rows, one string per row (every column as text; blobs as UTF-8 where they decode).
    var rows: [String: [String]] = [:]
    /// Each file's path and bytes.
    var files: [(path: String, bytes: Data)] = []

    static func read(_ app: Application) async throws -> StoredEverything {
        var out = StoredEverything()
        let sql = app.db as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            // Fold the write-ahead log into the database file, so that the file search sees what a reader of the file would.
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map { try $0.decode(column: "name", as: String.self) }
            for t in tables {
                let all: SQLQueryString = "SELECT * FROM \(ident: t)"
                out.rows[t] = try await sql.raw(all).all().map { row in
                    row.allColumns.map { c in
                        if let s = try? row.decode(column: c, as: String.self) { return s }
                        if let d = try? row.decode(column: c, as: Data.self) { return String(decoding: d, as: UTF8.self) }
                        return ""
                    }.joined(separator: "\t")
                }
            }
        } else {
            let tables = try await sql.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").all()
                .map { try $0.decode(column: "tablename", as: String.self) }
            for t in tables {
                let all: SQLQueryString = "SELECT row_to_json(t)::text AS j FROM \(ident: t) t"
                out.rows[t] = try await sql.raw(all).all().map { try $0.decode(column: "j", as: String.self) }
            }
        }
        let root = app.platform.config.dataDirectory
        for case let name as String in FileManager.default.enumerator(atPath: root) ?? NSEnumerator() {
            let path = root + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            out.files.append((path, try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        return out
    }

    /// The first place `needle` survives: "table <name>" or "file <path>", or nil. `inFiles: false`
    /// searches the tables only (a byte search of every file for every needle is slow; callers search the files for a sample).
    func firstHolding(_ needle: String, inFiles: Bool = true) -> String? {
        for (t, rows) in rows.sorted(by: { $0.key < $1.key }) where rows.contains(where: { $0.contains(needle) }) { return "table \(t)" }
        guard inFiles else { return nil }
        let bytes = Data(needle.utf8)
        for f in files where f.bytes.range(of: bytes) != nil { return "file \(f.path)" }
        return nil
    }
}
