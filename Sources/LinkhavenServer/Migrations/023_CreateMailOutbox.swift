import Fluent
import Foundation

/// The outbox of e-mailed notifications.
struct CreateMailOutbox: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("mail_outbox").id().field("recipient", .string, .required).field("subject", .string, .required)
            .field("body", .string, .required).field("created_at", .datetime, .required).field("sent_at", .datetime)
            .field("attempts", .int, .required).field("last_error", .string, .required).create()
    }
    func revert(on db: any Database) async throws { try await db.schema("mail_outbox").delete() }
}
