import Foundation

/// When an organisation's identity provider's own multi-factor sign-in stands in for Linkhaven's
/// authenticator code: never (the code is always asked for), when the ID token's `amr` contains `mfa`,
/// or when its `acr` is the value the admin names.
public enum ProviderMFA: String, APIEnum { case never, amr, acr }

/// An organisation's OpenID Connect provider, as its admin configures it. The client secret is
/// write-only: sent to set or change it, never shown again.
public struct IdentityProviderIn: Codable, Sendable, Equatable {
    /// The issuer URL (its discovery document is at `{issuer}/.well-known/openid-configuration`).
    public var issuer: String
    public var clientID: String
    /// Required the first time; omit to keep the one stored.
    public var clientSecret: String?
    /// The ID token claim that names the user: an e-mail address matching their Linkhaven account (default `email`).
    public var userClaim: String?
    public var mfa: ProviderMFA
    /// With `mfa: acr`, the `acr` value that means the provider checked a second factor.
    public var acr: String?
    public init(issuer: String, clientID: String, clientSecret: String? = nil, userClaim: String? = nil, mfa: ProviderMFA = .never, acr: String? = nil) {
        self.issuer = issuer; self.clientID = clientID; self.clientSecret = clientSecret; self.userClaim = userClaim; self.mfa = mfa; self.acr = acr
    }
}

/// The configured provider (never its secret), and the redirect URI to register with it.
public struct IdentityProviderOut: Codable, Sendable, Equatable {
    public var issuer: String; public var clientID: String; public var userClaim: String; public var mfa: ProviderMFA; public var acr: String?
    public var redirectURI: String; public var configuredAt: Date
    public init(issuer: String, clientID: String, userClaim: String, mfa: ProviderMFA, acr: String?, redirectURI: String, configuredAt: Date) {
        self.issuer = issuer; self.clientID = clientID; self.userClaim = userClaim; self.mfa = mfa; self.acr = acr
        self.redirectURI = redirectURI; self.configuredAt = configuredAt
    }
}

extension API {
    public static let identityProvider = Endpoint<NoBody, IdentityProviderOut>(
        .get, "/api/v1/organisations/{org}/identity-provider", "The organisation's single sign-on provider (404 when none)", who: "its admin")
    public static let setIdentityProvider = Endpoint<IdentityProviderIn, IdentityProviderOut>(
        .put, "/api/v1/organisations/{org}/identity-provider",
        "Configure the organisation's OpenID Connect provider (its discovery document is read to check it)", who: "its admin")
    public static let removeIdentityProvider = Endpoint<NoBody, NoBody>(
        .delete, "/api/v1/organisations/{org}/identity-provider", "Turn single sign-on off for the organisation", who: "its admin", success: 204)

    static let singleSignOnOperations: [Operation] = [identityProvider.operation, setIdentityProvider.operation, removeIdentityProvider.operation]
}
