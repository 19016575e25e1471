import Fluent
import Foundation
import Vapor

/// A single sign-on under way: made when the browser is sent to the provider, used once when it comes
/// back (the state's hash, bound to the browser by a cookie's hash, with the nonce the ID token must
/// carry and the PKCE verifier wrapped by the master key); then, if the user must still give their
/// authenticator code, the user the provider named and when.
final class SSOAttempt: Model, @unchecked Sendable {
    static let schema = "sso_attempts"
    @ID(key: .id) var id: UUID?
    @Field(key: "state_hash") var stateHash: String
    @Field(key: "browser_hash") var browserHash: String
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "nonce") var nonce: String
    @Field(key: "wrapped_verifier") var wrappedVerifier: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "verified_at") var verifiedAt: Date?
    @OptionalField(key: "code_checked_at") var codeCheckedAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $stateHash, $browserHash, $organisationID, $nonce, $wrappedVerifier, $createdAt, $usedAt, $userID, $verifiedAt, $codeCheckedAt]
    }
    init() {}

    /// How long the provider has to send the browser back, and the user to give their code after.
    static let lifetime: TimeInterval = 600
}
