import Foundation
import LinkhavenAPI
import LinkhavenCore
import Vapor

extension Request {
    /// Decodes the JSON body strictly: malformed JSON, wrong types, missing fields and unknown
    /// fields are 400s naming the field and line (never its value).
    /// A body said to be something other than JSON (text/plain, a form: what another site's page can send
    /// without asking) is refused with 415 before it is read.
    func strictBody<T: Codable>(_ type: T.Type) throws -> T {
        if let media = headers.contentType, !(media.type == "application" && (media.subType == "json" || media.subType.hasSuffix("+json"))) {
            throw Abort(.unsupportedMediaType, reason: "send the body as application/json")
        }
        guard let buffer = body.data else { throw Abort(.badRequest, reason: "a JSON body is required") }
        return try strictJSON(T.self, Data(buffer: buffer), name: "request body")
    }
}

/// Decodes JSON strictly, as the API decodes a body: malformed JSON, wrong types, missing fields and
/// unknown fields are 400s naming the field and the line in `name` (never its value).
///
/// Text holding a NUL character (`\u0000`) is refused too: no name, reason or note needs one, and
/// NUL truncates text in C libraries, logs and PostgreSQL (which refuses it in text columns).
func strictJSON<T: Codable>(_ type: T.Type, _ data: Data, name: String) throws -> T {
    if data.contains(0) || data.range(of: Data("\\u0000".utf8)) != nil {
        throw Abort(.badRequest, reason: "\(name) holds a NUL character (\\u0000); text may not contain one")
    }
    do {
        return try SpecLoader.strictDecode(T.self, data: data, file: name, knownKeys: [], decoder: .api(), encoder: .api()).0
    } catch let e as SpecError {
        throw Abort(.badRequest, reason: e.description)
    }
}
