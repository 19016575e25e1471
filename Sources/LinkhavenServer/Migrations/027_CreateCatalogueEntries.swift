import Fluent
import Foundation

/// The data catalogue: what each dataset's holder says of it (description, coverage, update frequency,
/// field definitions), one entry per dataset of a project.
struct CreateCatalogueEntries: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("catalogue_entries")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id"))
            .field("dataset", .string, .required)
            .field("organisation", .uuid, .required)
            .field("description", .string, .required)
            .field("coverage_area", .string, .required)
            .field("period_start", .string)
            .field("period_end", .string)
            .field("update_frequency", .string, .required)
            .field("definitions", .string, .required)
            .field("updated_by", .uuid, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "project_id", "dataset")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema("catalogue_entries").delete() }
}
