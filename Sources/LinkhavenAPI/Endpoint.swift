/// One operation of the platform API, spelt once: its method, path, what it takes and returns, and
/// who may call it. The server registers its handler by it, the clients call it by it, and the
/// OpenAPI document describes it from it, so a misspelt path, body or reply fails to compile.
public struct Endpoint<Body: Codable & Sendable, Reply: Codable & Sendable>: Sendable {
    public let method: HTTPMethodName
    public let path: PathTemplate
    /// What it does, for the document.
    public let summary: String
    /// Who may call it, in words ("anyone" needs no session).
    public let who: String
    /// The status of a successful reply.
    public let success: Int
    /// Other statuses a successful reply may have, with the same reply (e.g. 200 for a repeat of a 202).
    public let also: [Int]
    /// Query parameters it reads.
    public let query: [QueryParameter]

    public init(_ method: HTTPMethodName, _ path: PathTemplate, _ summary: String, who: String, success: Int = 200, also: [Int] = [],
                query: [QueryParameter] = []) {
        self.method = method; self.path = path; self.summary = summary; self.who = who; self.success = success; self.also = also; self.query = query
    }

    /// The operation as the document describes it.
    public var operation: Operation {
        Operation(method: method, path: path, summary: summary, who: who, success: success, also: also, query: query,
                  body: Body.self == NoBody.self ? nil : Self.schema(Body.self), bodyRequired: !(Body.self is any OmittableBody.Type),
                  bodyMedia: Self.media(Body.self), reply: Reply.self == NoBody.self ? nil : Self.schema(Reply.self), replyMedia: Self.media(Reply.self))
    }

    /// The media type a body or reply of type `t` travels as: JSON, unless it is raw bytes, a tar archive or `TextContent`.
    public static func media(_ t: Any.Type) -> String {
        if t == Bytes.self { return "application/octet-stream" }
        if t == TarArchive.self { return "application/x-tar" }
        return (t as? any TextContent.Type)?.mediaType ?? "application/json"
    }

    static func schema<T: Decodable>(_ t: T.Type) -> Schema {
        if t == Bytes.self || t == TarArchive.self { return .string(format: "binary") }
        return (t as? any TextContent.Type)?.schema ?? Schema.of(t)
    }
}

extension Operation {
    /// The operation as people and tables name it: `POST /api/v1/projects/{id}/runs`.
    public var key: String { method.rawValue.uppercased() + " " + path.description }
}

/// The HTTP methods the API uses, as the document spells them.
public enum HTTPMethodName: String, Sendable, Codable, CaseIterable {
    case get, post, put, patch, delete
}

/// A request body that may be left out: sending none means `init()` (e.g. "the latest run").
public protocol OmittableBody: Codable, Sendable {
    init()
}

/// A request body of raw bytes (`application/octet-stream`), which the server reads as a stream.
public struct Bytes: Codable, Sendable {
    public init() {}
}

/// No body (a GET's request, or a reply that is only a status).
public struct NoBody: Codable, Sendable, Equatable {
    public init() {}
}

/// A query parameter: optional unless `required`.
public struct QueryParameter: Sendable {
    public var name: String
    public var summary: String
    public var schema: Schema
    public var required: Bool
    public init(_ name: String, _ summary: String, _ schema: Schema, required: Bool = false) {
        self.name = name; self.summary = summary; self.schema = schema; self.required = required
    }
}

/// An operation described: what the OpenAPI document is built from.
public struct Operation: Sendable {
    public var method: HTTPMethodName
    public var path: PathTemplate
    public var summary: String
    public var who: String
    public var success: Int
    public var also: [Int]
    public var query: [QueryParameter]
    /// The request body's schema, if it takes one; the reply's, if it sends one.
    public var body: Schema?
    public var reply: Schema?
    /// Whether the body must be sent (one that may be left out is an `OmittableBody`).
    public var bodyRequired: Bool
    /// The media types the body and the reply travel as (`application/json` for the contract's types).
    public var bodyMedia: String
    public var replyMedia: String

    public init(method: HTTPMethodName, path: PathTemplate, summary: String, who: String, success: Int = 200, also: [Int] = [], query: [QueryParameter] = [],
                body: Schema? = nil, bodyRequired: Bool = true, bodyMedia: String = "application/json", reply: Schema? = nil,
                replyMedia: String = "application/json") {
        self.method = method; self.path = path; self.summary = summary; self.who = who; self.success = success; self.also = also; self.query = query
        self.body = body; self.bodyRequired = bodyRequired; self.bodyMedia = bodyMedia; self.reply = reply
        self.replyMedia = replyMedia
    }
}
