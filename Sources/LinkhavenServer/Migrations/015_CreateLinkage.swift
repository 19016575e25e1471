import Fluent
import Foundation
import Vapor

struct CreateLinkage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("linkage_runs").id().field("project_id", .uuid, .required, .references("projects", "id"))
            .field("requested_by", .uuid, .required).field("status", .string, .required).field("progress", .string, .required)
            .field("claim", .uuid).field("worker", .string, .required).field("heartbeat_at", .datetime).field("attempts", .int, .required)
            .field("config", .string, .required).field("inputs", .string, .required).field("report", .string, .required)
            .field("error", .string, .required).field("created_at", .datetime, .required).field("started_at", .datetime)
            .field("finished_at", .datetime).create()
        try await db.schema("linked_records").id().field("run_id", .uuid, .required, .references("linkage_runs", "id"))
            .field("dataset", .string, .required).field("record_key", .string, .required).field("person", .int, .required)
            .field("household", .int, .required).unique(on: "run_id", "record_key").create()
        try await db.schema("review_pairs").id().field("run_id", .uuid, .required, .references("linkage_runs", "id"))
            .field("project_id", .uuid, .required).field("dataset_a", .string, .required).field("dataset_b", .string, .required)
            .field("key_a", .string, .required).field("key_b", .string, .required).field("weight", .double, .required)
            .field("probability", .double, .required).field("explanation", .string, .required).create()
        try await db.schema("clerical_decisions").id().field("project_id", .uuid, .required, .references("projects", "id"))
            .field("key_a", .string, .required).field("key_b", .string, .required).field("is_match", .bool, .required)
            .field("decided_by", .uuid, .required).field("decided_at", .datetime, .required).field("probability", .double, .required)
            .unique(on: "project_id", "key_a", "key_b").create()
        try await db.schema("projects").field("link_config", .string, .required, .sql(.default(""))).update()
        try await db.schema("projects").field("platform_key", .string, .required, .sql(.default(""))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("projects").deleteField("platform_key").update()
        try await db.schema("projects").deleteField("link_config").update()
        for t in ["clerical_decisions", "review_pairs", "linked_records", "linkage_runs"] { try await db.schema(t).delete() }
    }
}
