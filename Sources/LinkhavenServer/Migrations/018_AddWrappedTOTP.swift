import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Adds the column for TOTP secrets wrapped by the master key (`users.totp_wrapped`); the secrets
/// already stored in `totp_secret` move into it at the next start (`Accounts.protectTOTPSecrets`).
struct AddWrappedTOTP: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").field("totp_wrapped", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws { try await db.schema("users").deleteField("totp_wrapped").update() }
}
