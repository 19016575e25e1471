import Fluent
import Foundation
import Vapor

struct CreateCases: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("incidents").id().field("organisation", .uuid, .required).field("project_id", .uuid, .required)
            .field("dataset", .string, .required).field("upload_id", .uuid, .required).field("findings", .string, .required)
            .field("status", .string, .required).field("cause", .string, .required).field("lessons", .string, .required)
            .field("reported_to_regulator", .bool, .required).field("regulator_reference", .string, .required)
            .field("created_at", .datetime, .required).field("closed_at", .datetime).create()
        try await db.schema("notifications").id().field("organisation", .uuid, .required).field("kind", .string, .required)
            .field("subject", .string, .required).field("object", .string, .required).field("created_at", .datetime, .required)
            .field("read_at", .datetime).create()
        try await db.schema("quality_issues").id().field("dataset_id", .uuid, .required).field("version", .int, .required)
            .field("raised_by", .uuid, .required).field("raised_by_organisation", .uuid, .required).field("description", .string, .required)
            .field("status", .string, .required).field("resolved_by_version", .int).field("created_at", .datetime, .required)
            .field("resolved_at", .datetime).create()
        try await db.schema("audit_requests").id().field("dataset_id", .uuid, .required).field("version", .int, .required)
            .field("requester_organisation", .uuid, .required).field("requester", .uuid, .required).field("reason", .string, .required)
            .field("status", .string, .required).field("assessment_reference", .string, .required).field("procedure", .string, .required)
            .field("created_at", .datetime, .required).field("decided_at", .datetime).create()
        try await db.schema("destruction_certificates").id().field("dataset_id", .uuid, .required).field("document", .string, .required)
            .field("created_at", .datetime, .required).create()
    }
    func revert(on db: any Database) async throws {
        for t in ["destruction_certificates", "audit_requests", "quality_issues", "notifications", "incidents"] { try await db.schema(t).delete() }
    }
}
