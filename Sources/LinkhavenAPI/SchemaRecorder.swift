import Foundation

/// Reads a `Decodable` type's schema by decoding one value of it from a decoder that answers every
/// question with a stand-in value and notes what was asked: each key (required, or optional when
/// asked with `decodeIfPresent`) and the type decoded for it, down through nested types and arrays.
struct SchemaRecorder {
    private var depth = 0

    /// The schema of `type`, and a stand-in value of it.
    func record<T: Decodable>(_ type: T.Type) throws -> (schema: Schema, value: T) {
        if let known = Self.leaf(type) { return known }
        // An Optional decoded where it stands (a list's element; a keyed optional is asked with decodeIfPresent):
        // its value may be null there.
        if let o = type as? any RecordableOptional.Type { return (.nullable(try wrappedSchema(o.wrapped)), o.absent as! T) }
        if let e = type as? any APIEnum.Type { return try Self.enumeration(e) as! (Schema, T) }
        if let m = type as? any StringKeyedMap.Type { return (.map(m.valueSchema(self)), m.empty as! T) }
        guard depth < 24 else { return (.any, try T(from: RecordingDecoder(SchemaRecorder(depth: depth)))) }
        let decoder = RecordingDecoder(SchemaRecorder(depth: depth + 1))
        let value = try T(from: decoder)
        return (decoder.schema, value)
    }

    private func wrappedSchema<W: Decodable>(_ w: W.Type) throws -> Schema { try record(w).schema }

    private init(depth: Int) { self.depth = depth }
    init() {}

    /// Values the JSON coders treat as one string or number.
    private static func leaf<T>(_ type: T.Type) -> (schema: Schema, value: T)? {
        let found: (Schema, Any)? = switch type {
        case is String.Type: (.string(format: nil), "")
        case is Bool.Type: (.boolean, false)
        case is Int.Type: (.integer, 0)
        case is Int8.Type: (.integer, Int8(0))
        case is Int16.Type: (.integer, Int16(0))
        case is Int32.Type: (.integer, Int32(0))
        case is Int64.Type: (.integer, Int64(0))
        case is UInt.Type: (.integer, UInt(0))
        case is UInt8.Type: (.integer, UInt8(0))
        case is UInt16.Type: (.integer, UInt16(0))
        case is UInt32.Type: (.integer, UInt32(0))
        case is UInt64.Type: (.integer, UInt64(0))
        case is Double.Type: (.number, 0.0)
        case is Float.Type: (.number, Float(0))
        case is Date.Type: (.string(format: "date-time"), Date(timeIntervalSince1970: 0))
        case is UUID.Type: (.string(format: "uuid"), UUID())
        case is URL.Type: (.string(format: "uri"), URL(string: "https://example.invalid/")!)
        case is Data.Type: (.string(format: "byte"), Data())
        default: nil
        }
        return found.map { ($0.0, $0.1 as! T) }
    }

    private static func enumeration<E: APIEnum>(_ e: E.Type) throws -> (Schema, E) {
        guard let first = e.allCases.first else { throw RecordingError.emptyEnumeration }
        return (.enumeration(e.allCases.map(\.rawValue)), first)
    }
}

enum RecordingError: Error { case emptyEnumeration, unsupported }

/// A `[String: V]`: described by its values' schema.
protocol StringKeyedMap {
    static func valueSchema(_ recorder: SchemaRecorder) -> Schema
    static var empty: Self { get }
}

extension Dictionary: StringKeyedMap where Key == String, Value: Decodable {
    static func valueSchema(_ recorder: SchemaRecorder) -> Schema { (try? recorder.record(Value.self).schema) ?? .any }
    static var empty: Self { [:] }
}

/// The decoder `SchemaRecorder` hands to a type's `init(from:)`: it notes the shape asked for.
final class RecordingDecoder: Decoder {
    enum Shape { case unknown, keyed([Schema.Property], required: [String]), unkeyed(Schema?), single(Schema) }
    let recorder: SchemaRecorder
    var shape = Shape.unknown
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(_ recorder: SchemaRecorder) { self.recorder = recorder }

    var schema: Schema {
        switch shape {
        case .unknown: .object([], required: [])   // a type that asked for nothing: an empty object
        case .keyed(let properties, let required): .object(properties, required: required)
        case .unkeyed(let items): .array(items ?? .any)
        case .single(let s): s
        }
    }

    func note(_ name: String, _ schema: Schema, required: Bool) {
        guard case .keyed(var properties, var names) = shape else { shape = .keyed([.init(name: name, schema: schema)], required: required ? [name] : []); return }
        guard !properties.contains(where: { $0.name == name }) else { return }
        properties.append(.init(name: name, schema: schema))
        if required { names.append(name) }
        shape = .keyed(properties, required: names)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .unknown = shape { shape = .keyed([], required: []) }
        return KeyedDecodingContainer(KeyedRecorder<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        if case .unknown = shape { shape = .unkeyed(nil) }
        return UnkeyedRecorder(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleRecorder(decoder: self) }
}

/// `Optional` seen from outside, so the recorder can tell one and read its wrapped type.
protocol RecordableOptional {
    static var wrapped: any Decodable.Type { get }
    static var absent: Self { get }
}

extension Optional: RecordableOptional where Wrapped: Decodable {
    static var wrapped: any Decodable.Type { Wrapped.self }
    static var absent: Self { nil }
}
