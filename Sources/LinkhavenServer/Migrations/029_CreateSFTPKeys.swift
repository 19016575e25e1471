import Fluent
import Foundation

/// The SFTP drop-box's keys: each organisation's registered OpenSSH public keys (the line sshd reads,
/// without its comment), their fingerprints, who added them and when, and when they were revoked; and the
/// way each upload came (`https`, or `sftp` through the drop-box).
struct CreateSFTPKeys: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("sftp_keys")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("key_type", .string, .required)
            .field("public_key", .string, .required)
            .field("fingerprint", .string, .required)
            .field("added_by", .uuid, .required)
            .field("added_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "fingerprint")
            .create()
        try await db.schema("uploads").field("channel", .string, .required, .sql(.default("https"))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("uploads").deleteField("channel").update()
        try await db.schema("sftp_keys").delete()
    }
}
