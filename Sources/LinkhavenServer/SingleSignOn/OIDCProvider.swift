import Foundation
import JWTKit
import NIOCore
import Vapor

/// What the platform reads from an OpenID provider, over the server's HTTP client with a timeout: its
/// discovery document (which must name the configured issuer), its signing keys (JWKS, cached and
/// fetched again when a token names a key it does not know), and the ID token its token endpoint gives
/// for an authorization code and its PKCE verifier.
struct OIDCProvider: Sendable {
    struct Discovery: Codable, Sendable {
        var issuer: String
        var authorizationEndpoint: String
        var tokenEndpoint: String
        var jwksURI: String
        var endSessionEndpoint: String?
        var tokenEndpointAuthMethods: [String]?
        enum CodingKeys: String, CodingKey {
            case issuer, authorizationEndpoint = "authorization_endpoint", tokenEndpoint = "token_endpoint", jwksURI = "jwks_uri"
            case endSessionEndpoint = "end_session_endpoint", tokenEndpointAuthMethods = "token_endpoint_auth_methods_supported"
        }
    }

    let client: any Client
    let cache: OIDCCache
    static let timeout = TimeAmount.seconds(10)

    /// The discovery document of `issuer` (cached for an hour), or a refusal saying what is wrong with it.
    func discover(_ issuer: String) async throws -> Discovery {
        if let known = await cache.discovery(issuer) { return known }
        let r = try await fetch(.GET, issuer.trimmingSuffix("/") + "/.well-known/openid-configuration")
        guard r.status == .ok, let d = try? r.content.decode(Discovery.self, using: JSONDecoder()) else {
            throw Abort(.badGateway, reason: "the identity provider's discovery document could not be read (\(r.status.code))")
        }
        guard d.issuer == issuer else { throw Abort(.badGateway, reason: "the identity provider names itself '\(d.issuer)', not the issuer configured") }
        await cache.keep(d, for: issuer)
        return d
    }

    /// The provider's keys; `refresh` fetches them again (a token named a key not yet seen).
    func keys(_ d: Discovery, refresh: Bool = false) async throws -> JWTKeyCollection {
        if !refresh, let known = await cache.keys(d.jwksURI) { return known }
        let r = try await fetch(.GET, d.jwksURI)
        guard r.status == .ok, let body = r.body, let json = body.getString(at: body.readerIndex, length: body.readableBytes),
              let keys = try? await JWTKeyCollection().add(jwksJSON: json) else {
            throw Abort(.badGateway, reason: "the identity provider's signing keys could not be read (\(r.status.code))")
        }
        await cache.keep(keys, for: d.jwksURI)
        return keys
    }

    /// The ID token the token endpoint gives for `code`. The client authenticates with client_secret_post where
    /// the provider offers it (no ambiguity in how the secret is encoded), else client_secret_basic (RFC 6749 §2.3.1).
    func idToken(_ d: Discovery, code: String, verifier: String, redirectURI: String, clientID: String, secret: String) async throws -> String {
        var request = ClientRequest(method: .POST, url: URI(string: d.tokenEndpoint), headers: [:], body: nil, timeout: Self.timeout)
        var form = ["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI, "code_verifier": verifier]
        if d.tokenEndpointAuthMethods?.contains("client_secret_post") == true {
            form["client_id"] = clientID; form["client_secret"] = secret
        } else {
            request.headers.basicAuthorization = BasicAuthorization(username: Self.formEncoded(clientID), password: Self.formEncoded(secret))
        }
        try request.content.encode(form, as: .urlEncodedForm)
        let r = try await send(request)
        struct Tokens: Decodable { var id_token: String?; var error: String? }
        let tokens = try? r.content.decode(Tokens.self, using: JSONDecoder())
        guard r.status == .ok, let token = tokens?.id_token else {
            // The OAuth error code (RFC 6749 §5.2: invalid_grant, invalid_client…) says what to fix; nothing else of the reply is repeated.
            let code = String((tokens?.error ?? "").prefix(40).filter { $0.isLetter || $0 == "_" })
            throw Abort(.badGateway, reason: "the identity provider did not give an ID token for the sign-in (\(r.status.code)\(code.isEmpty ? "" : ", " + code))")
        }
        return token
    }

    private func fetch(_ method: HTTPMethod, _ url: String) async throws -> ClientResponse {
        try await send(ClientRequest(method: method, url: URI(string: url), headers: ["Accept": "application/json"], body: nil, timeout: Self.timeout))
    }

    private func send(_ r: ClientRequest) async throws -> ClientResponse {
        do { return try await client.send(r) } catch {
            throw Abort(.badGateway, reason: "the identity provider could not be reached")
        }
    }

    /// RFC 6749 §2.3.1: the client id and secret are form-encoded before Basic authentication.
    static func formEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }
}

/// Discovery documents and key sets by URL, each kept for an hour.
actor OIDCCache {
    private var documents: [String: (OIDCProvider.Discovery, Date)] = [:]
    private var keySets: [String: (JWTKeyCollection, Date)] = [:]
    static let lifetime: TimeInterval = 3600

    func discovery(_ issuer: String) -> OIDCProvider.Discovery? {
        documents[issuer].flatMap { Date().timeIntervalSince($0.1) < Self.lifetime ? $0.0 : nil }
    }
    func keep(_ d: OIDCProvider.Discovery, for issuer: String) { documents[issuer] = (d, Date()) }
    func keys(_ uri: String) -> JWTKeyCollection? { keySets[uri].flatMap { Date().timeIntervalSince($0.1) < Self.lifetime ? $0.0 : nil } }
    func keep(_ k: JWTKeyCollection, for uri: String) { keySets[uri] = (k, Date()) }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
