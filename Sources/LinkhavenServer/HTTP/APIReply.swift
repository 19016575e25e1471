import Foundation
import LinkhavenAPI
import Vapor

/// One reply: status, headers and body.
public struct APIReply: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: HTTPResponseStatus, headers: HTTPHeaders, body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as JSON (ISO 8601 dates).
    public func json<T: Decodable>(_ t: T.Type) throws -> T {
        try JSONDecoder.api().decode(T.self, from: body)
    }

    /// The problem's `error` text, or "" when there is none.
    public var error: String { Problem.reason(in: body) ?? "" }
}
