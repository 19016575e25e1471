import Foundation

/// The JSON Schema (the subset OpenAPI 3.1 needs) of a type the contract sends or receives. Read from
/// the type itself (`Schema.of`), never written by hand beside it, so the document cannot drift from
/// the code.
public indirect enum Schema: Sendable, Equatable, Encodable {
    case string(format: String?)
    case integer
    case number
    case boolean
    /// A string with one of these values (an `APIEnum`).
    case enumeration([String])
    case array(Schema)
    /// Properties in the order the type declares them; `required` are those it cannot do without.
    case object([Property], required: [String])
    /// An object of any keys whose values share a schema (a `[String: V]`).
    case map(Schema)
    /// Anything (a type the recorder could not see into).
    case any
    /// A value that may be `null` where it stands (an optional element of a list: a suppressed rate).
    case nullable(Schema)

    /// One property of an object.
    public struct Property: Sendable, Equatable {
        public var name: String
        public var schema: Schema
    }

    /// The schema of `type`, read by decoding it once from a recorder that notes every key and type asked for.
    public static func of<T: Decodable>(_ type: T.Type) -> Schema {
        (try? SchemaRecorder().record(type).schema) ?? .any
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .string(let format):
            try c.encode("string", forKey: Key("type"))
            if let format { try c.encode(format, forKey: Key("format")) }
        case .integer: try c.encode("integer", forKey: Key("type"))
        case .number: try c.encode("number", forKey: Key("type"))
        case .boolean: try c.encode("boolean", forKey: Key("type"))
        case .enumeration(let values):
            try c.encode("string", forKey: Key("type"))
            try c.encode(values, forKey: Key("enum"))
        case .array(let items):
            try c.encode("array", forKey: Key("type"))
            try c.encode(items, forKey: Key("items"))
        case .object(let properties, let required):
            try c.encode("object", forKey: Key("type"))
            var p = c.nestedContainer(keyedBy: Key.self, forKey: Key("properties"))
            for property in properties { try p.encode(property.schema, forKey: Key(property.name)) }
            if !required.isEmpty { try c.encode(required, forKey: Key("required")) }
        case .map(let values):
            try c.encode("object", forKey: Key("type"))
            try c.encode(values, forKey: Key("additionalProperties"))
        case .any:
            break
        case .nullable(let inner):
            try c.encode([AnyOf.schema(inner), AnyOf.null], forKey: Key("anyOf"))
        }
    }
}

/// A string enumeration of the contract (a status, a role, a kind): stored and sent by its raw value,
/// described in the document with every value it can take.
public protocol APIEnum: CaseIterable, RawRepresentable, Codable, Sendable, Hashable where RawValue == String {}

/// One branch of a nullable schema's `anyOf`.
private enum AnyOf: Encodable {
    case schema(Schema), null
    func encode(to encoder: any Encoder) throws {
        switch self {
        case .schema(let s): try s.encode(to: encoder)
        case .null:
            var c = encoder.singleValueContainer()
            try c.encode(["type": "null"])
        }
    }
}
