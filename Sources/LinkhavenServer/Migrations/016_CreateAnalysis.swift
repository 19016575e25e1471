import Fluent
import Foundation
import Vapor

struct CreateAnalysis: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("analysis_outputs").id().field("project_id", .uuid, .required, .references("projects", "id"))
            .field("run_id", .uuid, .required, .references("linkage_runs", "id")).field("author", .uuid, .required)
            .field("definition", .string, .required).field("result", .string, .required).field("datasets", .string, .required)
            .field("status", .string, .required).field("created_at", .datetime, .required).field("released_at", .datetime).create()
        try await db.schema("release_decisions").id().field("output_id", .uuid, .required, .references("analysis_outputs", "id"))
            .field("kind", .string, .required).field("user_id", .uuid, .required).field("organisation", .uuid, .required)
            .field("approve", .bool, .required).field("note", .string, .required).field("decided_at", .datetime, .required)
            .unique(on: "output_id", "kind", "user_id").create()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("release_decisions").delete()
        try await db.schema("analysis_outputs").delete()
    }
}
