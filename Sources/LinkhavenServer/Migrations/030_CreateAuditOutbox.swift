import Fluent

/// Audit events written in the same transaction as the change they record, waiting to join their
/// chain (`AuditLog+Outbox`): a process killed between the change's commit and the chain's append
/// leaves the event here, and the next start (or the sweep) chains it, so the change never goes unrecorded.
struct CreateAuditOutbox: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_outbox")
            .id()
            .field("chain", .string, .required)
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("organisation", .string)
            .field("action", .string, .required)
            .field("object", .string, .required)
            .field("outcome", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("audit_outbox").delete()
    }
}
