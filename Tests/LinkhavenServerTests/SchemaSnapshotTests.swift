import Fluent
import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import SQLKit
import Testing

/// The schema the numbered migrations build from an empty database, on SQLite and on PostgreSQL, is
/// the one checked in (`Snapshots/schema-<database>.txt`): a migration that changes it shows up in review
/// as a change to that file. `LINKHAVEN_UPDATE_SNAPSHOTS=1` writes the file anew after a deliberate change.
@Suite("Schema snapshot", .serialized)
struct SchemaSnapshotTests {
    @Test func anEmptyDatabaseMigratesToTheCheckedInSchema() async throws {
        try await Harness.run { h in
            let sql = try #require(h.app.db as? any SQLDatabase)
            let postgres = sql.dialect.name == "postgresql"
            let schema = postgres ? try await Self.postgresSchema(sql) : try await Self.sqliteSchema(sql)
            let file = "Tests/LinkhavenServerTests/Snapshots/schema-\(postgres ? "postgresql" : "sqlite").txt"
            if ProcessInfo.processInfo.environment["LINKHAVEN_UPDATE_SNAPSHOTS"] == "1" {
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try schema.write(toFile: file, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOfFile: file, encoding: .utf8)
            let missing = expected.split(separator: "\n").filter { !schema.contains($0) }
            let extra = schema.split(separator: "\n").filter { !expected.contains($0) }
            let same = schema == expected
            #expect(same, "the schema differs from \(file): missing \(missing), not in the snapshot \(extra)")
        }
    }

    /// Every table and index as SQLite stores its definition.
    static func sqliteSchema(_ sql: any SQLDatabase) async throws -> String {
        let rows = try await sql.raw("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL ORDER BY type, name").all()
        return try rows.map { r in
            "\(try r.decode(column: "type", as: String.self)) \(try r.decode(column: "name", as: String.self)): \(try r.decode(column: "sql", as: String.self))"
        }.joined(separator: "\n") + "\n"
    }

    /// Every column (in order, with its type, nullability and default), index and constraint of the public schema.
    static func postgresSchema(_ sql: any SQLDatabase) async throws -> String {
        var lines: [String] = []
        for r in try await sql.raw("""
            SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') AS d FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """).all() {
            lines.append("column \(try r.decode(column: "table_name", as: String.self)).\(try r.decode(column: "column_name", as: String.self)): "
                         + "\(try r.decode(column: "data_type", as: String.self)) nullable=\(try r.decode(column: "is_nullable", as: String.self)) "
                         + "default=\(try r.decode(column: "d", as: String.self))")
        }
        for r in try await sql.raw("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname").all() {
            lines.append("index \(try r.decode(column: "indexname", as: String.self)): \(try r.decode(column: "indexdef", as: String.self))")
        }
        for r in try await sql.raw("""
            SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2
            """).all() {
            lines.append("constraint \(try r.decode(column: "t", as: String.self)) \(try r.decode(column: "conname", as: String.self)): "
                         + (try r.decode(column: "def", as: String.self)))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
