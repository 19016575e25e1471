import Fluent
import Foundation
import Vapor

/// An organisation's admin configures its OpenID Connect provider: the issuer (whose discovery document
/// is read before anything is saved), the client id and secret Linkhaven is registered under, the claim
/// naming a user, and whether the provider's MFA stands in for Linkhaven's code.
func identityProviderRoutes(_ api: any RoutesBuilder) {
    api.on(API.identityProvider) { req in
        let (c, org) = try await req.organisationAdmin("identity-provider.read")
        guard let p = try await IdentityProvider.query(on: req.db).filter(\.$organisationID == org).first() else {
            throw Abort(.notFound, reason: "single sign-on is not set up for this organisation")
        }
        req.auditRead(c, organisation: c.organisation, action: "identity-provider.read", object: "organisation/\(org)")
        return req.identityProviderOut(p)
    }

    api.on(API.setIdentityProvider) { req, input in
        let (c, org) = try await req.organisationAdmin("identity-provider.set")
        let existing = try await IdentityProvider.query(on: req.db).filter(\.$organisationID == org).first()
        var problems: [String] = []
        let issuer = input.issuer.trimmingCharacters(in: .whitespaces), clientID = input.clientID.trimmingCharacters(in: .whitespaces)
        let claim = (input.userClaim ?? "email").trimmingCharacters(in: .whitespaces)
        if !(issuer.hasPrefix("https://") || issuer.hasPrefix("http://127.0.0.1:") || issuer.hasPrefix("http://localhost:")) || issuer.count > 300
            || URL(string: issuer)?.host == nil {
            problems.append("the issuer is an https:// URL (http:// only on this machine, for testing)")
        }
        if !(1...200).contains(clientID.count) { problems.append("a client id of 1–200 characters is required") }
        if existing == nil && (input.clientSecret ?? "").isEmpty { problems.append("the client secret is required the first time") }
        if let s = input.clientSecret, s.count > 500 { problems.append("the client secret is longer than 500 characters") }
        if !(1...100).contains(claim.count) || claim.contains(where: { !$0.isLetter && !$0.isNumber && $0 != "_" }) {
            problems.append("the user claim is a claim name such as email or preferred_username")
        }
        if input.mfa == .acr && (input.acr ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append("name the acr value that means MFA") }
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: problems.joined(separator: "; ")) }
        _ = try await req.oidc.discover(issuer)   // a provider that cannot be discovered is refused before it is saved
        let p = existing ?? IdentityProvider()
        p.organisationID = org; p.issuer = issuer; p.clientID = clientID; p.userClaim = claim; p.mfa = input.mfa
        p.acr = input.mfa == .acr ? (input.acr ?? "").trimmingCharacters(in: .whitespaces) : ""
        if let secret = input.clientSecret, !secret.isEmpty { try p.setClientSecret(secret, key: req.platform.masterKey) }
        p.updatedBy = c.userID; p.updatedAt = req.now
        try await p.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "identity-provider.set", object: "organisation/\(org)")
        return req.identityProviderOut(p)
    }

    api.on(API.removeIdentityProvider) { req in
        let (c, org) = try await req.organisationAdmin("identity-provider.remove")
        guard let p = try await IdentityProvider.query(on: req.db).filter(\.$organisationID == org).first() else {
            throw Abort(.notFound, reason: "single sign-on is not set up for this organisation")
        }
        try await p.delete(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "identity-provider.remove", object: "organisation/\(org)")
        return NoBody()
    }
}

extension Request {
    func identityProviderOut(_ p: IdentityProvider) -> IdentityProviderOut {
        IdentityProviderOut(issuer: p.issuer, clientID: p.clientID, userClaim: p.userClaim, mfa: p.mfa, acr: p.acr.isEmpty ? nil : p.acr,
                            redirectURI: ssoRedirectURI, configuredAt: p.updatedAt)
    }

    /// The OpenID client, with the application's cache of discovery documents and keys.
    var oidc: OIDCProvider { OIDCProvider(client: client, cache: application.oidcCache) }
}

extension Application {
    private struct OIDCCacheKey: StorageKey { typealias Value = OIDCCache }
    /// Discovery documents and key sets, shared by every request (made once, as the application is configured).
    var oidcCache: OIDCCache {
        get { storage[OIDCCacheKey.self]! }
        set { storage[OIDCCacheKey.self] = newValue }
    }
}
