import Fluent
import Foundation
import Vapor

struct CreateSession: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("sessions").id().field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required).field("last_seen", .datetime, .required).unique(on: "token_hash").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("sessions").delete() }
}
