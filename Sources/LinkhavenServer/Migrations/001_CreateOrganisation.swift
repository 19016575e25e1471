import Fluent
import Foundation
import Vapor

struct CreateOrganisation: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("organisations").id().field("name", .string, .required).field("address", .string, .required)
            .field("ico_reference", .string, .required).field("created_at", .datetime, .required).unique(on: "name").create()
    }
    func revert(on db: any Database) async throws { try await db.schema("organisations").delete() }
}
