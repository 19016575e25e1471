import Fluent
import Foundation
import Vapor

struct CreateCredential: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("credentials").id().field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("scheme", .string, .required).field("reference", .string, .required).field("expires", .datetime, .required).create()
    }
    func revert(on db: any Database) async throws { try await db.schema("credentials").delete() }
}
