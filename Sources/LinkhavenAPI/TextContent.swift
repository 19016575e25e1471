import Foundation

/// A body or reply the contract carries as text of its own media type rather than as JSON it reads:
/// a document the server keeps verbatim (GeoJSON boundaries, a linkage spec or configuration), or a
/// CSV file. On the wire it is the text itself; in Swift, `text`.
public protocol TextContent: Codable, Sendable {
    /// Its media type, e.g. `text/csv`.
    static var mediaType: String { get }
    /// How the OpenAPI document describes it.
    static var schema: Schema { get }
    var text: String { get }
    init(text: String)
}

/// What kind of text a `Text` is.
public protocol TextKind: Sendable {
    static var mediaType: String { get }
    static var schema: Schema { get }
}

/// Text of the media type `Kind` names.
public struct Text<Kind: TextKind>: TextContent, Equatable {
    public var text: String
    public init(text: String) { self.text = text }
    public static var mediaType: String { Kind.mediaType }
    public static var schema: Schema { Kind.schema }

    /// As a JSON value it is one string (the schema recorder and any JSON coder see it so).
    public init(from decoder: any Decoder) throws { text = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

/// Comma-separated values with a header line (UTF-8).
public enum CSVKind: TextKind {
    public static var mediaType: String { "text/csv" }
    public static var schema: Schema { .string(format: nil) }
}

/// A GeoJSON document, kept verbatim.
public enum GeoJSONKind: TextKind {
    public static var mediaType: String { "application/geo+json" }
    public static var schema: Schema { .any }
}

/// A JSON document the server keeps verbatim rather than reading into a contract type (its own
/// format, checked by the platform: a linkage spec, a linkage configuration, this API's description).
public enum JSONDocumentKind: TextKind {
    public static var mediaType: String { "application/json" }
    public static var schema: Schema { .any }
}

public typealias CSVText = Text<CSVKind>
/// JSON-LD (linked data in JSON), e.g. the DCAT catalogue.
public enum JSONLDKind: TextKind {
    public static var mediaType: String { "application/ld+json" }
    public static var schema: Schema { .any }
}

/// Prometheus's text exposition format, version 0.0.4.
public enum PrometheusTextKind: TextKind {
    public static var mediaType: String { "text/plain; version=0.0.4" }
    public static var schema: Schema { .string(format: nil) }
}

public typealias GeoJSONText = Text<GeoJSONKind>
public typealias PrometheusText = Text<PrometheusTextKind>
public typealias JSONLDText = Text<JSONLDKind>
public typealias JSONDocument = Text<JSONDocumentKind>

/// A reply streamed as a tar archive (an audit pack), written as the server reads its store.
public struct TarArchive: Codable, Sendable {
    public init() {}
}
