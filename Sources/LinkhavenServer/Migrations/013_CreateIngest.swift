import Fluent
import Foundation
import LinkhavenCore
import Vapor

struct CreateIngest: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("datasets").id().field("project_id", .uuid, .required, .references("projects", "id"))
            .field("agreement_id", .uuid, .required).field("name", .string, .required).field("provider", .uuid, .required)
            .field("status", .string, .required).field("retain_until", .datetime, .required).field("extensions_used", .int, .required)
            .field("created_at", .datetime, .required).unique(on: "project_id", "name").create()
        try await db.schema("dataset_versions").id().field("dataset_id", .uuid, .required, .references("datasets", "id"))
            .field("number", .int, .required).field("status", .string, .required).field("content_sha256", .string, .required)
            .field("stored_sha256", .string, .required).field("stored_name", .string, .required).field("wrapped_key", .string, .required)
            .field("rows", .int, .required).field("bytes", .int, .required).field("manifest", .string, .required)
            .field("quality", .string, .required).field("upload_id", .uuid, .required).field("accepted_at", .datetime, .required)
            .field("retired_at", .datetime).unique(on: "dataset_id", "number").create()
        try await db.schema("uploads").id().field("project_id", .uuid, .required).field("dataset", .string, .required)
            .field("organisation", .uuid, .required).field("token_id", .uuid, .required).field("manifest", .string, .required)
            .field("size", .int64, .required).field("sha256", .string, .required).field("encoding", .string, .required)
            .field("status", .string, .required).field("wrapped_key", .string, .required).field("problems", .string, .required)
            .field("version_id", .uuid).field("incident_id", .uuid).field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required).create()
        try await db.schema("projects").field("linkage_spec", .string, .required, .sql(.default(""))).update()
        try await db.schema("projects").field("key_fingerprint", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("projects").deleteField("linkage_spec").update()
        try await db.schema("projects").deleteField("key_fingerprint").update()
        for t in ["uploads", "dataset_versions", "datasets"] { try await db.schema(t).delete() }
    }
}
