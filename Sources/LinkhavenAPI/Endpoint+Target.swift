import Foundation

extension Endpoint {
    /// The operation as people and tables name it: `POST /api/v1/projects/{id}/runs`.
    public var key: String { operation.key }

    /// Where to send a call: the path filled with `parameters` (in the order the path names them), and
    /// the query, percent-encoded; from the root (`/api/v1/…`).
    public func target(_ parameters: [String], query: [(String, String)] = []) -> String {
        var target = path.filled(parameters)
        if !query.isEmpty {
            var c = URLComponents()
            c.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
            target += "?" + (c.percentEncodedQuery ?? "")
        }
        return target
    }

    /// `target` without its leading slash, for a client that resolves it against the server's address.
    public func relativeTarget(_ parameters: [String], query: [(String, String)] = []) -> String {
        String(target(parameters, query: query).dropFirst())
    }
}

extension JSONEncoder {
    /// An encoder for the API's JSON: dates in ISO 8601.
    public static func api() -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        return e
    }
}

extension JSONDecoder {
    /// A decoder for the API's JSON: dates in ISO 8601.
    public static func api() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
