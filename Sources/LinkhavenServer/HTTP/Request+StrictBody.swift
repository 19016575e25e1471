import Foundation
import LinkhavenAPI
import LinkhavenCore
import Vapor

extension Request {
    /// Decodes the JSON body strictly: malformed JSON, wrong types, missing fields and unknown
    /// fields are 400s naming the field and line (never its value).
    func strictBody<T: Codable>(_ type: T.Type) throws -> T {
        guard let buffer = body.data else { throw Abort(.badRequest, reason: "a JSON body is required") }
        return try strictJSON(T.self, Data(buffer: buffer), name: "request body")
    }
}

/// Decodes JSON strictly, as the API decodes a body: malformed JSON, wrong types, missing fields and
/// unknown fields are 400s naming the field and the line in `name` (never its value).
func strictJSON<T: Codable>(_ type: T.Type, _ data: Data, name: String) throws -> T {
    do {
        return try SpecLoader.strictDecode(T.self, data: data, file: name, knownKeys: [], decoder: .api(), encoder: .api()).0
    } catch let e as SpecError {
        throw Abort(.badRequest, reason: e.description)
    }
}
