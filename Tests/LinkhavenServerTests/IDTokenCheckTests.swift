import Crypto
import Foundation
import JWTKit
import LinkhavenCore
@testable import LinkhavenServer
import Testing
import Vapor

/// The ID token check, on tokens a real provider (django-oidc-provider, RS256) issued through the whole
/// Authorization Code flow with PKCE: each claim that is wrong is refused saying which, as is a token whose
/// signature was altered or forged with another algorithm; ES256 tokens verify like RS256 ones.
@Suite("ID tokens from a real OpenID provider", .serialized, .enabled(if: OIDCProviderProcess.available))
struct IDTokenCheckTests {
    @Test func eachWrongClaimIsRefusedSayingWhich() async throws {
        try await Harness.run(realTime: true) { h in
            let back = "http://127.0.0.1:8080/sso/callback"
            let provider = try OIDCProviderProcess(in: h.scratch + "/oidc", clients: [.init(id: "linkhaven", secret: "s1", redirect: back),
                                                                                       .init(id: "other-app", secret: "s2", redirect: back)],
                                                   users: [.init(username: "ann", email: "analyst@z6034810.test", password: "provider pass 1", mfa: true)])
            let oidc = OIDCProvider(client: h.app.client, cache: OIDCCache())
            let d = try await oidc.discover(provider.issuer)
            /// An ID token the provider issues to `client` through the flow, for `nonce`.
            func token(client: String, secret: String, nonce: String) async throws -> String {
                let verifier = SSOSecrets.random()
                var url = URLComponents(string: d.authorizationEndpoint)!
                url.queryItems = [.init(name: "response_type", value: "code"), .init(name: "client_id", value: client), .init(name: "redirect_uri", value: back),
                                  .init(name: "scope", value: "openid email"), .init(name: "state", value: SSOSecrets.random()), .init(name: "nonce", value: nonce),
                                  .init(name: "code_challenge", value: SSOSecrets.challenge(verifier)), .init(name: "code_challenge_method", value: "S256")]
                let returned = try provider.signIn(authorize: url.string!, username: "ann", password: "provider pass 1", back: back)
                let code = try #require(URLComponents(string: returned)?.queryItems?.first { $0.name == "code" }?.value, "\(returned)")
                return try await oidc.idToken(d, code: code, verifier: verifier, redirectURI: back, clientID: client, secret: secret)
            }
            let configured = IdentityProvider()
            configured.issuer = provider.issuer; configured.clientID = "linkhaven"; configured.userClaim = "email"; configured.mfa = .amr; configured.acr = ""
            func check(_ token: String, nonce: String = "n-1", now: Date = Date(), as p: IdentityProvider = configured,
                       keys: JWTKeyCollection? = nil) async throws -> (user: String, mfa: Bool) {
                try await IDTokenCheck(provider: p, nonce: nonce, now: now).run(token, keys: { if let keys { return keys }; return try await oidc.keys(d) },
                                                                               refreshedKeys: { try await oidc.keys(d, refresh: true) })
            }
            func refusal(_ body: () async throws -> (user: String, mfa: Bool)) async -> String {
                do { _ = try await body(); return "accepted" } catch let a as any AbortError { return a.reason } catch { return "\(error)" }
            }

            // The good token: the user the e-mail claim names, and the provider's MFA.
            let good = try await token(client: "linkhaven", secret: "s1", nonce: "n-1")
            let ok = try await check(good)
            #expect(ok.user == "analyst@z6034810.test" && ok.mfa)
            configured.mfa = .never
            #expect(try await check(good).mfa == false, "MFA stands in only where the organisation says so")
            configured.mfa = .amr

            // Each wrong claim, refused saying which.
            let foreign = try await token(client: "other-app", secret: "s2", nonce: "n-1")
            #expect(await refusal { try await check(foreign) }.contains("another client (audience)"))
            #expect(await refusal { try await check(good, nonce: "another") }.contains("nonce"))
            #expect(await refusal { try await check(good, now: Date().addingTimeInterval(3600)) }.contains("expired"))
            #expect(await refusal { try await check(good, now: Date().addingTimeInterval(-3600)) }.contains("issued in the future"))
            let elsewhere = IdentityProvider()
            elsewhere.issuer = provider.issuer + "/other"; elsewhere.clientID = "linkhaven"; elsewhere.userClaim = "email"; elsewhere.mfa = .amr; elsewhere.acr = ""
            #expect(await refusal { try await check(good, as: elsewhere) }.contains("another provider"))
            configured.userClaim = "employee_number"
            #expect(await refusal { try await check(good) }.contains("does not carry the claim 'employee_number'"))
            configured.userClaim = "email"

            // An altered signature, and a token forged with HMAC under the provider's key id (algorithm confusion).
            var parts = good.split(separator: ".").map(String.init)
            var signature = Array(parts[2])   // a character in the middle (the last one's low bits are padding)
            signature[10] = signature[10] == "A" ? "B" : "A"
            parts[2] = String(signature)
            #expect(await refusal { try await check(parts.joined(separator: ".")) }.contains("signature"))
            let header = try JSONSerialization.jsonObject(with: Data(Base64URL.decode(String(good.split(separator: ".")[0]))!)) as! [String: Any]
            let kid = try #require(header["kid"] as? String)
            let claims = try await oidc.keys(d).verify(good, as: IDTokenClaims.self)
            let forger = await JWTKeyCollection().add(hmac: HMACKey(from: "a forger's key, thirty-two bytes or more"), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
            let forged = try await forger.sign(claims, kid: JWKIdentifier(string: kid))
            #expect(await refusal { try await check(forged) } != "accepted", "an HS256 token under the RSA key's id")

            // ES256: a provider signing with P-256 verifies the same way.
            let es = try ES256PrivateKey(backing: P256.Signing.PrivateKey())
            let signer = await JWTKeyCollection().add(ecdsa: es, kid: "ec-1")
            let ecToken = try await signer.sign(TestIDToken(iss: claims.iss, aud: claims.aud, exp: claims.exp, iat: claims.iat, nonce: "n-ec",
                                                            amr: ["pwd", "mfa"], email: "analyst@z6034810.test"), kid: "ec-1")
            let verifyES = await JWTKeyCollection().add(ecdsa: es.publicKey, kid: "ec-1")
            let viaES = try await check(ecToken, nonce: "n-ec", keys: verifyES)
            #expect(viaES.user == "analyst@z6034810.test" && viaES.mfa)
            let withRSA = await refusal { try await check(ecToken, nonce: "n-ec") }
            #expect(withRSA.contains("signature") || withRSA.contains("key the provider does not publish"), "not with the provider's RSA keys: \(withRSA)")
        }
    }
}

/// An ID token as a provider signing with ES256 would issue it.
struct TestIDToken: JWTPayload {
    var iss: IssuerClaim, aud: AudienceClaim, exp: ExpirationClaim, iat: IssuedAtClaim
    var nonce: String, amr: [String], email: String
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
