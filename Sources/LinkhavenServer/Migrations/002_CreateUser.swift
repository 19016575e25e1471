import Fluent
import Foundation
import Vapor

struct CreateUser: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").id().field("organisation_id", .uuid, .references("organisations", "id"))
            .field("email", .string, .required).field("name", .string, .required).field("role", .string, .required)
            .field("password_hash", .string, .required).field("totp_secret", .string, .required).field("approved", .bool, .required)
            .field("training_date", .datetime, .required).field("failed_sign_ins", .int, .required).field("locked_until", .datetime)
            .field("password_changed_at", .datetime, .required).unique(on: "email").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("users").delete() }
}
