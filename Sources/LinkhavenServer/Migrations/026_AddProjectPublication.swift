import Fluent
import Foundation

/// What a project publishes on the register: the approved summary and contact point, and a proposal
/// awaiting the parties' signatories (its text, who proposed it, who approved).
struct AddProjectPublication: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for f in ["public_summary", "public_contact", "proposed_summary", "proposed_contact", "publication_approvals"] {
            try await db.schema("projects").field(.string(f), .string, .required, .sql(.default(""))).update()
        }
        try await db.schema("projects").field("proposed_by", .uuid).update()
    }

    func revert(on db: any Database) async throws {
        for f in ["proposed_by", "publication_approvals", "proposed_contact", "proposed_summary", "public_contact", "public_summary"] {
            try await db.schema("projects").deleteField(.string(f)).update()
        }
    }
}
