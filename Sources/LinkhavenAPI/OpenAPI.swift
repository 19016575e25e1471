import Foundation

/// The OpenAPI 3.1 document of a list of operations, as typed values (served as JSON at
/// `GET /api/v1/openapi.json`): every path parameter declared, each typed operation's request body and
/// reply schema, every refusal's `Problem`.
public struct OpenAPI: Encodable, Sendable {
    public var openapi = "3.1.0"
    public var info = Info()
    public var paths: [String: [String: OperationObject]] = [:]
    public var components = Components()

    public struct Info: Encodable, Sendable { public var title = "Linkhaven platform API"; public var version = "1" }
    public struct Components: Encodable, Sendable {
        public var securitySchemes = ["bearer": SecurityScheme()]
        public var schemas = ["Problem": Schema.of(Problem.self)]
    }
    public struct SecurityScheme: Encodable, Sendable { public var type = "http"; public var scheme = "bearer" }

    public struct OperationObject: Encodable, Sendable {
        public var operationId: String
        public var summary: String
        public var description: String
        public var parameters: [Parameter]?
        public var requestBody: Body?
        public var responses: [String: Reply]
        public var security: [[String: [String]]]?
    }
    public struct Parameter: Encodable, Sendable {
        public var name: String
        public var `in`: String
        public var required: Bool
        public var description: String?
        public var schema: Schema
    }
    public struct Body: Encodable, Sendable { public var required = true; public var content: [String: Media] }
    public struct Media: Encodable, Sendable { public var schema: SchemaOrReference }
    public struct Reply: Encodable, Sendable { public var description: String; public var content: [String: Media]? }

    /// A schema, or a reference to one in `components`.
    public enum SchemaOrReference: Encodable, Sendable {
        case schema(Schema), reference(String)
        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .schema(let s): try s.encode(to: encoder)
            case .reference(let r):
                var c = encoder.container(keyedBy: RefKey.self)
                try c.encode("#/components/schemas/" + r, forKey: .ref)
            }
        }
        private enum RefKey: String, CodingKey { case ref = "$ref" }
    }

    /// The document of `operations`. Two operations on one method and path are a contract error.
    public init(_ operations: [Operation]) {
        for op in operations {
            let key = op.path.description, method = op.method.rawValue
            precondition(paths[key]?[method] == nil, "\(method) \(key) is in the contract twice")
            paths[key, default: [:]][method] = Self.object(op)
        }
    }

    private static func object(_ op: Operation) -> OperationObject {
        let json = "application/json"
        var parameters = op.path.parameters.map { Parameter(name: $0, in: "path", required: true, description: nil, schema: .string(format: nil)) }
        parameters += op.query.map { Parameter(name: $0.name, in: "query", required: $0.required, description: $0.summary, schema: $0.schema) }
        var responses: [String: Reply] = ["4XX": Reply(description: "Refused: the reason, and for a refusal by the agreement which agreement and why",
                                                        content: [json: Media(schema: .reference("Problem"))])]
        let content = op.reply.map { [op.replyMedia: Media(schema: .schema($0))] }
        for status in [op.success] + op.also {
            responses[String(status)] = status == 304 ? Reply(description: "Not modified since the ETag or Last-Modified the client sent", content: nil)
                : Reply(description: "Success", content: content)
        }
        return OperationObject(operationId: op.operationID, summary: op.summary, description: "Who: \(op.who).",
                               parameters: parameters.isEmpty ? nil : parameters,
                               requestBody: op.body.map { Body(required: op.bodyRequired, content: [op.bodyMedia: Media(schema: .schema($0))]) }, responses: responses,
                               security: op.who == "anyone" ? nil : [["bearer": []]])
    }

    /// The document as JSON, keys sorted (so that it diffs and caches well).
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try e.encode(self)
    }
}

extension Operation {
    /// A unique name for generated clients: the method and the path's fixed words, e.g. `getProjectsDatasets`
    /// for GET /api/v1/projects/{id}/datasets, with the parameters' names where two would meet.
    public var operationID: String {
        let words = path.segmentsBelowAPI.map { s -> String in
            switch s {
            case .constant(let c): c
            case .parameter(let p): "by-" + p
            }
        }
        let camel = words.flatMap { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return method.rawValue + camel.joined()
    }
}
