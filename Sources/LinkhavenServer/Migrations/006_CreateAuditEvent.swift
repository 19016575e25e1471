import Fluent
import Foundation
import Vapor

struct CreateAuditEvent: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_events").id().field("chain", .string, .required).field("seq", .int, .required)
            .field("at", .string, .required).field("actor", .string, .required).field("organisation", .string)
            .field("action", .string, .required).field("object", .string, .required).field("outcome", .string, .required)
            .field("previous_hash", .string, .required).field("hash", .string, .required).unique(on: "chain", "seq").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("audit_events").delete() }
}
