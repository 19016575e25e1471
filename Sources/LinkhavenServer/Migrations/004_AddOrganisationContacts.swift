import Fluent
import Foundation
import Vapor

struct AddOrganisationContacts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("organisations").field("contact_email", .string, .required, .sql(.default(""))).update()
        try await db.schema("organisations").field("contact_phone", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("organisations").deleteField("contact_email").update()
        try await db.schema("organisations").deleteField("contact_phone").update()
    }
}
