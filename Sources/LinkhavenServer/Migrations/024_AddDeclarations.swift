import Fluent
import Foundation

/// Partnerships that grow and shrink: the declaration as versions signed in the product, and the
/// membership changes (admissions, departures). Each partnership registered before gets version 1,
/// naming its members, for their signatories to sign.
struct AddDeclarations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("declaration_versions").id().field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("version", .int, .required).field("text", .string, .required).field("members", .string, .required)
            .field("admission", .string, .required).field("reason", .string, .required).field("created_at", .datetime, .required)
            .unique(on: "partnership_id", "version").create()
        try await db.schema("declaration_signatures").id().field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("version", .int, .required).field("organisation", .uuid, .required).field("user_id", .uuid, .required)
            .field("name", .string, .required).field("role", .string, .required).field("signed_at", .datetime, .required)
            .unique(on: "partnership_id", "version", "organisation").create()
        try await db.schema("membership_changes").id().field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("kind", .string, .required).field("organisation", .uuid, .required).field("proposed_by", .uuid, .required)
            .field("proposed_at", .datetime, .required).field("reason", .string, .required).field("status", .string, .required)
            .field("accepted_by", .string, .required).field("refused_by", .string, .required).field("needed", .int, .required)
            .field("decided_at", .datetime).field("declaration_version", .int)
            .field("destroyed", .string, .required).field("kept", .string, .required).create()
        for p in try await Partnership.query(on: db).all() {
            let v = DeclarationVersion()
            v.partnershipID = try p.requireID(); v.version = 1; v.text = p.declaration; v.members = p.members
            v.admission = .unanimous; v.reason = "registered"; v.createdAt = Date()
            try await v.save(on: db)
        }
    }

    func revert(on db: any Database) async throws {
        for t in ["membership_changes", "declaration_signatures", "declaration_versions"] { try await db.schema(t).delete() }
    }
}
