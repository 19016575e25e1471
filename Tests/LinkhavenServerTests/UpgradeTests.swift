import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import SQLKit
import Testing

/// A database made by the previous release (the first wave as it landed, 2026-11-21, 982576d: see
/// `Fixtures/release-2026-11-21/README.md`) migrates on: its 18 migrations are not run again, the three
/// since run once, the schema ends as a fresh database's (the checked-in snapshot), and its data still
/// works — every record reads, every audit chain verifies, and a new linkage run over its stored datasets
/// succeeds. On SQLite the whole demo partnership; on PostgreSQL the release's schema with its first operator.
@Suite("Upgrading the previous release's database", .serialized)
struct UpgradeTests {
    static let fixture = "Tests/LinkhavenServerTests/Fixtures/release-2026-11-21"
    static let previousMigrations = ["CreateOrganisation", "CreateUser", "AddRecoveryCodes", "AddOrganisationContacts", "CreateSession",
                                     "CreateAuditEvent", "CreateAuditCheckpoint", "CreateGovernance", "CreateCredential", "CreateAPIToken",
                                     "AddPartnershipSignatories", "CreateProjectMember", "CreateIngest", "CreateCases", "CreateLinkage",
                                     "CreateAnalysis", "AddBoundaries", "AddWrappedTOTP"].map { "LinkhavenServer." + $0 }

    @Test func thePreviousReleasesDatabaseMigratesOnAndItsDataStillWorks() async throws {
        let postgres = ProcessInfo.processInfo.environment["LINKHAVEN_TEST_DATABASE_URL"] != nil
        let seed: ((String) throws -> Void)? = postgres ? nil : { try Self.seedSQLite($0) }
        try await Harness.run(realTime: true, configure: { $0.inProcessWorkers = 1 }, seed: seed) { h in
            if postgres { try await Self.loadPostgres(h) }
            try await Self.check(h, postgres: postgres)
        }
    }

    static func check(_ h: Harness, postgres: Bool) async throws {
            let sql = try #require(h.app.db as? any SQLDatabase)

            // Migrations: the release's, untouched, then each later one once.
            var ran: [(String, Int)] = []
            for row in try await sql.raw("SELECT name, batch FROM _fluent_migrations ORDER BY batch, created_at").all() {
                ran.append((try row.decode(column: "name", as: String.self), try row.decode(column: "batch", as: Int.self)))
            }
            #expect(ran.prefix(18).map(\.0) == Self.previousMigrations && Set(ran.prefix(18).map(\.1)) == [1])
            let later = Migrations.all.map { "LinkhavenServer." + String(describing: type(of: $0)) }.filter { !Self.previousMigrations.contains($0) }
            #expect(ran.dropFirst(18).map(\.0) == later && later.count == 12, "\(ran.map(\.0))")

            // The schema is a fresh database's.
            let schema = postgres ? try await SchemaSnapshotTests.postgresSchema(sql) : try await SchemaSnapshotTests.sqliteSchema(sql)
            let expected = try String(contentsOfFile: "Tests/LinkhavenServerTests/Snapshots/schema-\(postgres ? "postgresql" : "sqlite").txt", encoding: .utf8)
            #expect(schema == expected, "upgraded: \(schema.split(separator: "\n").filter { !expected.contains($0) })")

            // Every record reads; every audit chain verifies.
            let users = try await User.query(on: h.app.db).all()
            #expect(users.count == (postgres ? 1 : 17) && users.allSatisfy { !$0.isDeactivated })
            #expect(try await h.brokenAuditChains().broken.isEmpty)
            guard !postgres else { return }
            #expect(try await Dataset.query(on: h.app.db).count() == 6)
            #expect(try await DatasetVersion.query(on: h.app.db).count() == 6)
            // The release kept each version's data key in the database: the first start moved them into the key vault.
            #expect(try await DatasetVersion.query(on: h.app.db).all().allSatisfy { $0.wrappedKey == KeyVault.marker })
            #expect(try h.app.platform.keyVault.listing().keys.count == 6)
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "platform.key-vault.adopt").count() == 1)
            #expect(try await LinkedRecord.query(on: h.app.db).count() == 357)
            #expect(try await AnalysisOutput.query(on: h.app.db).all().map(\.status) == [.published])
            #expect(try await Agreement.query(on: h.app.db).all().map(\.status) == [.approved])
            #expect(try await LinkageJob.query(on: h.app.db).all().map(\.status) == [.succeeded])
            #expect(try await UploadModelsProbe.all(h.app.db) > 0)

            // A new linkage run over the release's stored datasets (decrypted with its master key) succeeds.
            let analyst = try await h.relogin("analyst@z6034810.test")
            let project = try #require(try await Project.query(on: h.app.db).first()?.requireID())
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(project)/runs", token: analyst)
            let run = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst)
            #expect(run.status == .succeeded, "\(run)")
    }

    /// The release's SQLite data directory: its database, keys and stored dataset versions (keys owner-only, as it left them).
    static func seedSQLite(_ data: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try fm.copyItem(atPath: fixture + "/sqlite/store", toPath: data + "/store")
        for file in ["linkhaven.sqlite", "master.key", "platform-signing.key"] {
            try fm.copyItem(atPath: fixture + "/sqlite/" + file, toPath: data + "/" + file)
        }
        for file in try fm.contentsOfDirectory(atPath: data + "/store").map({ "store/" + $0 }) + ["linkhaven.sqlite", "master.key", "platform-signing.key"] {
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: data + "/" + file)
        }
    }

    /// Replaces the fresh schema with the release's (its `pg_dump`), then migrates on as a server start would.
    static func loadPostgres(_ h: Harness) async throws {
        try await h.app.autoRevert()
        let sql = try #require(h.app.db as? any SQLDatabase)
        try await sql.raw("DROP TABLE IF EXISTS _fluent_migrations").run()
        // pg_dump's plain output, one statement at a time (each ends a line with ';'; comments and blank lines skipped).
        var statement = ""
        for line in try String(contentsOfFile: fixture + "/postgresql.sql", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        where !line.hasPrefix("--") && !(statement.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty) {
            statement += line + "\n"
            if line.hasSuffix(";") {
                try await sql.raw(SQLQueryString(statement)).run()
                statement = ""
            }
        }
        #expect(statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "the dump ends with a whole statement")
        try await h.app.autoMigrate()
    }
}

/// Reads every row of the ingest tables through their models.
private enum UploadModelsProbe {
    static func all(_ db: any Database) async throws -> Int {
        try await Upload.query(on: db).all().count + Notification.query(on: db).all().count + QualityIssue.query(on: db).all().count
            + Incident.query(on: db).all().count + Credential.query(on: db).all().count + ProjectMember.query(on: db).all().count
    }
}
