import Fluent
import Foundation

/// Single sign-on: each organisation's OpenID Connect provider (its client secret wrapped by the master
/// key), and the sign-ins under way (the state's hash, the browser's binding, the nonce and the PKCE
/// verifier, each usable once; then the user the provider named, while they give their authenticator code
/// when the provider's own MFA does not stand in for it).
struct CreateSingleSignOn: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("identity_providers")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("issuer", .string, .required)
            .field("client_id", .string, .required)
            .field("wrapped_client_secret", .string, .required)
            .field("user_claim", .string, .required)
            .field("mfa", .string, .required)
            .field("acr", .string, .required)
            .field("updated_by", .uuid, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "organisation_id")
            .create()
        try await db.schema("sso_attempts")
            .id()
            .field("state_hash", .string, .required)
            .field("browser_hash", .string, .required)
            .field("organisation_id", .uuid, .required)
            .field("nonce", .string, .required)
            .field("wrapped_verifier", .string, .required)
            .field("created_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("user_id", .uuid)
            .field("verified_at", .datetime)
            .field("code_checked_at", .datetime)
            .unique(on: "state_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("sso_attempts").delete()
        try await db.schema("identity_providers").delete()
    }
}
