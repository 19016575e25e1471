import Fluent
import Foundation

/// Users can leave (deactivated, by whom, why), lapse after a time without signing in, and have
/// their two-factor enrolment reset.
struct AddUserLifecycle: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").field("deactivated_at", .datetime).update()
        try await db.schema("users").field("deactivated_by", .uuid).update()
        try await db.schema("users").field("access_reason", .string, .required, .sql(.default(""))).update()
        try await db.schema("users").field("last_sign_in_at", .datetime).update()
        try await db.schema("users").field("access_restored_at", .datetime).update()
        try await db.schema("users").field("totp_enrolment_required", .bool, .required, .sql(.default(false))).update()
    }
    func revert(on db: any Database) async throws {
        for f in ["totp_enrolment_required", "access_restored_at", "last_sign_in_at", "access_reason", "deactivated_by", "deactivated_at"] {
            try await db.schema("users").deleteField(.string(f)).update()
        }
    }
}
