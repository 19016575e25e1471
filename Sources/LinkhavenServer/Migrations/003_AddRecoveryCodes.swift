import Fluent
import Foundation
import Vapor

struct AddRecoveryCodes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").field("recovery_codes", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws { try await db.schema("users").deleteField("recovery_codes").update() }
}
