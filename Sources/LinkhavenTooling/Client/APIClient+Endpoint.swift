import Foundation
import LinkhavenServer
import Vapor

extension APIClient {
    /// Calls a contract endpoint that takes no body: its path filled with `parameters` (in the order the
    /// path names them), the reply decoded as the contract's type. A reply other than 2xx throws with the
    /// server's reason.
    public func call<Reply>(_ e: Endpoint<NoBody, Reply>, _ parameters: String..., query: [(String, String)] = [], token: String?) async throws -> Reply {
        try await decoded(e, try await reply(e, parameters, query: query, body: NoBody(), token: token))
    }

    /// Calls a contract endpoint with a body: JSON, or the text itself for `TextContent`.
    public func call<Body, Reply>(_ e: Endpoint<Body, Reply>, _ parameters: String..., query: [(String, String)] = [], body: Body,
                                  token: String?) async throws -> Reply {
        try await decoded(e, try await reply(e, parameters, query: query, body: body, token: token))
    }

    /// Calls a contract endpoint and returns its reply as sent, whatever its status (for a script that
    /// expects a refusal, such as a wrong password).
    public func reply<Body, Reply>(_ e: Endpoint<Body, Reply>, _ parameters: String..., query: [(String, String)] = [], body: Body,
                                   token: String?) async throws -> APIReply {
        try await reply(e, parameters, query: query, body: body, token: token)
    }

    private func reply<Body, Reply>(_ e: Endpoint<Body, Reply>, _ parameters: [String], query: [(String, String)], body: Body, token: String?) async throws -> APIReply {
        try await call(e.method.vapor, e.relativeTarget(parameters, query: query), token: token, raw: body is NoBody ? nil : try Self.text(body))
    }

    /// A body as the API reads it: JSON, dates in ISO 8601 (for a raw call that sends a contract's type),
    /// or the text itself for `TextContent`.
    public static func text(_ body: some Encodable) throws -> String {
        if let text = body as? any TextContent { return text.text }
        return String(decoding: try JSONEncoder.api().encode(body), as: UTF8.self)
    }

    /// A 2xx reply decoded as the contract's type; any other throws with the server's reason.
    private func decoded<Body, Reply>(_ e: Endpoint<Body, Reply>, _ reply: APIReply) throws -> Reply {
        guard (200..<300).contains(reply.status.code) else { throw APIClientError("\(e.method.rawValue.uppercased()) \(e.path): \(reply.error)", status: reply.status) }
        if Reply.self == NoBody.self { return NoBody() as! Reply }
        if let text = Reply.self as? any TextContent.Type { return text.init(text: String(decoding: reply.body, as: UTF8.self)) as! Reply }
        return try reply.json(Reply.self)
    }
}
