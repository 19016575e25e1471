import Fluent
import Foundation
import Vapor

struct CreateProjectMember: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("project_members").id().field("project_id", .uuid, .required, .references("projects", "id"))
            .field("user_id", .uuid, .required, .references("users", "id")).field("organisation", .uuid, .required)
            .field("role", .string, .required).unique(on: "project_id", "user_id").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("project_members").delete() }
}
