import Fluent
import Foundation
import LinkhavenCore
import Vapor

struct CreateAPIToken: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("api_tokens").id().field("organisation", .uuid, .required).field("created_by", .uuid, .required)
            .field("name", .string, .required).field("project", .uuid).field("dataset", .string).field("actions", .string, .required)
            .field("token_hash", .string, .required).field("expires", .datetime, .required).field("revoked", .datetime)
            .unique(on: "token_hash").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("api_tokens").delete() }
}
