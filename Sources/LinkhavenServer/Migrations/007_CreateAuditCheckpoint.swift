import Fluent
import Foundation
import Vapor

struct CreateAuditCheckpoint: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_checkpoints").id().field("chain", .string, .required).field("seq", .int, .required)
            .field("hash", .string, .required).field("at", .string, .required).field("signature", .string, .required).create()
    }
    func revert(on db: any Database) async throws { try await db.schema("audit_checkpoints").delete() }
}
