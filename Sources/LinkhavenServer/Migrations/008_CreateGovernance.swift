import Fluent
import Foundation
import LinkhavenCore
import Vapor

struct CreateGovernance: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("partnerships").id().field("name", .string, .required).field("declaration", .string, .required)
            .field("members", .string, .required).unique(on: "name").create()
        try await db.schema("projects").id().field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("name", .string, .required).field("purpose", .string, .required).field("assessment", .string, .required).create()
        try await db.schema("agreements").id().field("project_id", .uuid, .required, .references("projects", "id"))
            .field("owner", .uuid, .required).field("parties", .string, .required).field("version", .int, .required)
            .field("status", .string, .required).field("document", .string, .required).create()
        try await db.schema("agreement_signatures").id().field("agreement_id", .uuid, .required, .references("agreements", "id"))
            .field("version", .int, .required).field("organisation", .uuid, .required).field("user_id", .uuid, .required)
            .field("role", .string, .required).field("signed_at", .datetime, .required)
            .unique(on: "agreement_id", "version", "organisation").create()
    }
    func revert(on db: any Database) async throws {
        for t in ["agreement_signatures", "agreements", "projects", "partnerships"] { try await db.schema(t).delete() }
    }
}
