import Fluent
import Foundation

/// The assessment is part of what is signed: each agreement version carries the assessment it was
/// submitted with, and every approved version is kept (document, assessment, parties) with, at its
/// review, the benefits realised.
struct AddSignedAssessments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("agreements").field("assessment", .string, .required, .sql(.default(""))).update()
        try await db.schema("agreement_versions").id().field("agreement_id", .uuid, .required, .references("agreements", "id"))
            .field("version", .int, .required).field("document", .string, .required).field("assessment", .string, .required)
            .field("parties", .string, .required).field("approved_at", .datetime, .required)
            .field("realisation", .string, .required).field("realised_at", .datetime)
            .unique(on: "agreement_id", "version").create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("agreement_versions").delete()
        try await db.schema("agreements").deleteField("assessment").update()
    }
}
