import Foundation
import JWTKit
import LinkhavenCore
import Vapor

/// The claims of an ID token the platform reads. The signature is checked by jwt-kit against the
/// provider's keys (RS256, ES256 and the other algorithms of its key set; never a key the token brings);
/// the claims by `IDTokenCheck` against the platform's clock.
struct IDTokenClaims: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var nonce: String?
    var amr: [String]?
    var acr: String?
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Checks an ID token for one sign-in: signed by one of the provider's keys (fetched again once when the
/// token names a key not yet seen), issued by the configured issuer for this client, not expired and not
/// issued in the future (each within `skew`), carrying the sign-in's nonce. Returns the user claim's value
/// and whether the provider's MFA stands in for the platform's code. Every refusal is a 401 saying which
/// check failed, never the token.
struct IDTokenCheck {
    let provider: IdentityProvider
    let nonce: String
    let now: Date
    static let skew: TimeInterval = 120

    func run(_ token: String, keys: () async throws -> JWTKeyCollection, refreshedKeys: () async throws -> JWTKeyCollection) async throws
        -> (user: String, mfa: Bool) {
        let claims: IDTokenClaims
        do {
            claims = try await keys().verify(token, as: IDTokenClaims.self)
        } catch let e as JWTError where e.errorType == .unknownKID {
            claims = try await Self.verified { try await refreshedKeys().verify(token, as: IDTokenClaims.self) }
        } catch {
            claims = try await Self.verified { throw error }
        }
        guard claims.iss.value == provider.issuer else { throw Self.refused("it was issued by another provider") }
        guard claims.aud.value.contains(provider.clientID) else { throw Self.refused("it was issued for another client (audience)") }
        guard claims.exp.value.timeIntervalSince(now) > -Self.skew else { throw Self.refused("it has expired") }
        guard claims.iat.value.timeIntervalSince(now) < Self.skew else { throw Self.refused("it was issued in the future") }
        guard let n = claims.nonce, ConstantTime.equal(Array(n.utf8), Array(nonce.utf8)) else { throw Self.refused("its nonce is not this sign-in's") }
        // The configured claim, read from the payload the signature covers.
        let parts = token.split(separator: ".")
        guard parts.count == 3, let bytes = Base64URL.decode(String(parts[1])),
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let value = object[provider.userClaim] as? String, !value.isEmpty else {
            throw Self.refused("it does not carry the claim '\(provider.userClaim)' that names the user")
        }
        return (value, provider.acceptsMFA(amr: claims.amr, acr: claims.acr))
    }

    private static func verified(_ body: () async throws -> IDTokenClaims) async throws -> IDTokenClaims {
        do { return try await body() } catch let e as JWTError {
            throw refused(e.errorType == .signatureVerificationFailed ? "its signature does not verify with the provider's keys"
                          : e.errorType == .unknownKID ? "it is signed with a key the provider does not publish" : "it is not a valid signed token")
        } catch let a as any AbortError { throw a } catch { throw refused("it is not a valid signed token") }
    }

    static func refused(_ why: String) -> Abort {
        Abort(.unauthorized, reason: "the identity provider's answer was refused: \(why)")
    }
}
