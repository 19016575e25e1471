import Foundation
import LinkhavenServer
import LinkhavenTooling
import Vapor

/// The tests' hand-written JSON bodies: what a typed client would not let them send (unknown keys,
/// wrong types, missing fields), and calls written out before the contract typed them. The product's
/// clients send the contract's types (`APIClient.call(API.…)`).
extension APIClient {
    static func serialised(_ json: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
    }

    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any], headers: [(String, String)] = []) async throws -> APIReply {
        try await call(method, path, token: token, raw: try Self.serialised(json), headers: headers)
    }

    @discardableResult
    func require(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any], headers: [(String, String)] = []) async throws -> APIReply {
        try await require(method, path, token: token, raw: try Self.serialised(json), headers: headers)
    }

    func expect<T: Decodable>(_ t: T.Type, _ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]) async throws -> T {
        try await expect(t, method, path, token: token, raw: try Self.serialised(json))
    }
}
