import Fluent
import Foundation
import LinkhavenCore
import Vapor

struct AddPartnershipSignatories: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("partnerships").field("signatories", .string, .required, .sql(.default("[]"))).update()
    }
    func revert(on db: any Database) async throws { try await db.schema("partnerships").deleteField("signatories").update() }
}
