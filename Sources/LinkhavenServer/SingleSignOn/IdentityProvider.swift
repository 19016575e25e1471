import Crypto
import Fluent
import Foundation
import Vapor

/// An organisation's OpenID Connect provider: its issuer, the client Linkhaven is registered as (the
/// secret wrapped by the master key), the claim that names a user, and when its MFA stands in for
/// Linkhaven's authenticator code.
final class IdentityProvider: Model, @unchecked Sendable {
    static let schema = "identity_providers"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "issuer") var issuer: String
    @Field(key: "client_id") var clientID: String
    @Field(key: "wrapped_client_secret") var wrappedClientSecret: String
    @Field(key: "user_claim") var userClaim: String
    @Field(key: "mfa") var mfa: ProviderMFA
    @Field(key: "acr") var acr: String
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $organisationID, $issuer, $clientID, $wrappedClientSecret, $userClaim, $mfa, $acr, $updatedBy, $updatedAt]
    }
    init() {}

    /// The client secret, unwrapped.
    func clientSecret(_ key: MasterKey) throws -> String {
        String(decoding: try key.unwrap(wrappedClientSecret, context: .clientSecret(requireID())).withUnsafeBytes { Array($0) }, as: UTF8.self)
    }

    /// Wraps `secret` for this row (its id is set first if it has none).
    func setClientSecret(_ secret: String, key: MasterKey) throws {
        if id == nil { id = UUID() }
        wrappedClientSecret = try key.wrap(SymmetricKey(data: Data(secret.utf8)), context: .clientSecret(requireID()))
    }

    /// Whether the ID token's authentication methods or context mean the provider checked a second factor
    /// in a way this organisation accepts in place of Linkhaven's code.
    func acceptsMFA(amr: [String]?, acr tokenACR: String?) -> Bool {
        switch mfa {
        case .never: false
        case .amr: amr?.contains("mfa") == true
        case .acr: !acr.isEmpty && tokenACR == acr
        }
    }
}
