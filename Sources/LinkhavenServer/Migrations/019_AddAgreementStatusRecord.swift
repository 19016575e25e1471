import Fluent
import Foundation
import Vapor

/// Agreements remember when their status last changed, by which organisation and why, so that a
/// suspension can be shown and explained wherever it stops something.
struct AddAgreementStatusRecord: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("agreements").field("status_since", .datetime).update()
        try await db.schema("agreements").field("status_by", .uuid).update()
        try await db.schema("agreements").field("status_reason", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws {
        for f in ["status_reason", "status_by", "status_since"] { try await db.schema("agreements").deleteField(.string(f)).update() }
    }
}
