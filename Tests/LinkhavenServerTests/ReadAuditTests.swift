import Fluent
import LinkhavenCore
import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import SQLKit
import Testing
import Vapor

/// A GET writes nothing on its path: the read is audited a moment after the reply, in its chain's next
/// group. Asserted on ordering: the GET answers while another connection holds the audit table's
/// writer, and its event is there once that writer lets go.
@Suite("Reads are audited without a write on their path", .serialized)
struct ReadAuditTests {
    @Test func aReadAnswersWhileTheAuditWriterIsHeldAndIsAuditedAfter() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let analyst = f.county[.analyst]!
            #expect(try await h.call(.GET, "api/v1/me", token: analyst).status == .ok)   // the session is warm: no last-seen write either
            let org = try await Self.organisation(h, analyst)
            @Sendable func listed() async throws -> Int {
                try await AuditEventModel.query(on: h.app.db).filter(\.$chain == (org ?? "platform")).filter(\.$action == "dataset.list").count()
            }
            let before = try await listed()
            let answered = try await h.app.backgroundDB.writeTransaction { tx in
                // Hold the writer: SQLite's (BEGIN IMMEDIATE); on PostgreSQL, the audit table against inserts.
                if let sql = tx as? any SQLDatabase, sql.dialect.name != "sqlite" {
                    try await sql.raw("LOCK TABLE audit_events IN EXCLUSIVE MODE").run()
                }
                let status = try await h.call(.GET, "api/v1/projects/\(f.project)/datasets", token: analyst).status
                let meanwhile = try await listed()
                #expect(meanwhile == before, "not yet written: the writer is held")
                return status
            }
            #expect(answered == .ok, "the read answered while the writer was held")
            try await h.app.platform.audit.settle(chain: org ?? "platform", on: h.app.db)
            #expect(try await listed() == before + 1, "and is audited once the writer lets go")
            // An export waits for the chain's noted reads.
            _ = try await h.call(.GET, "api/v1/projects/\(f.project)/datasets", token: analyst)
            let export = try await h.client.expect(AuditExport.self, .GET, "api/v1/audit/export", token: f.county[.orgAdmin]!)
            #expect(export.events.filter { $0.action == "dataset.list" }.count == before + 2)
        }
    }

    static func organisation(_ h: Harness, _ token: String) async throws -> String? {
        try await h.client.expect(MeOut.self, .GET, "api/v1/me", token: token).organisationID?.uuidString
    }
}
