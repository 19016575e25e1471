import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

/// Drives the platform's HTTP API as its users do: the demo and the load benchmark over real HTTP
/// on loopback, the tests in process. Every call goes through the same routes, checks and audit.
public struct APIClient: Sendable {
    /// Sends one request: method, path below the server root (e.g. `api/v1/me`), headers and body.
    public typealias Transport = @Sendable (HTTPMethod, String, HTTPHeaders, ByteBuffer?) async throws -> APIReply

    let transport: Transport
    /// The clock TOTP codes are computed from (the server's clock in tests that move it).
    public let now: @Sendable () -> Date
    /// The server's address, for a client over HTTP.
    public let base: String?

    public init(now: @escaping @Sendable () -> Date = { Date() }, base: String? = nil, transport: @escaping Transport) {
        self.now = now
        self.base = base
        self.transport = transport
    }

    /// A client for the server at `base` (e.g. `http://127.0.0.1:8080`) using the application's HTTP client.
    public static func http(_ app: Application, base: String, now: @escaping @Sendable () -> Date = { Date() }) -> APIClient {
        let client = app.client
        return APIClient(now: now, base: base) { method, path, headers, body in
            let response = try await client.send(method, headers: headers, to: URI(string: base + "/" + path)) { req in
                if let body { req.body = body }
            }
            return APIReply(status: response.status, headers: response.headers, body: Data(buffer: response.body ?? ByteBuffer()))
        }
    }

    /// Sends a request with an optional bearer token and a JSON (`raw`: the text as it is) or binary
    /// (`bytes`) body. The contract's endpoints are called with `call(API.…)`; this is for what the
    /// contract does not say (a page, or a test's hand-written body).
    @discardableResult
    public func call(_ method: HTTPMethod, _ path: String, token: String? = nil, raw: String? = nil,
                     bytes: Data? = nil, headers extra: [(String, String)] = []) async throws -> APIReply {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer? = nil
        if let raw { body = ByteBuffer(string: raw) }
        if body != nil { headers.contentType = .json }
        if let bytes { body = ByteBuffer(data: bytes); headers.contentType = .binary }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        return try await transport(method, path, headers, body)
    }

    /// Like `call`, but a reply other than 2xx throws, with the server's reason.
    public func expect<T: Decodable>(_ t: T.Type, _ method: HTTPMethod, _ path: String, token: String? = nil, raw: String? = nil) async throws -> T {
        let reply = try await require(method, path, token: token, raw: raw)
        return try reply.json(T.self)
    }
}

/// A call the script expected to succeed did not: the server's status (if it answered) and reason.
public struct APIClientError: Error, CustomStringConvertible {
    public var status: HTTPResponseStatus?
    public var reason: String
    public var description: String { status.map { "\($0.code) \(reason)" } ?? reason }
    public init(_ reason: String, status: HTTPResponseStatus? = nil) {
        self.reason = reason
        self.status = status
    }
}

extension APIClient {
    /// Sends a request whose reply must be 2xx, or throws with the server's reason.
    @discardableResult
    public func require(_ method: HTTPMethod, _ path: String, token: String? = nil, raw: String? = nil,
                        bytes: Data? = nil, headers: [(String, String)] = []) async throws -> APIReply {
        let reply = try await call(method, path, token: token, raw: raw, bytes: bytes, headers: headers)
        guard (200..<300).contains(reply.status.code) else { throw APIClientError("\(method) \(path): \(reply.error)", status: reply.status) }
        return reply
    }
}
