import Foundation

/// The GeoJSON the platform reads and writes (RFC 7946, the parts it uses): a FeatureCollection of
/// features with properties and Polygon or MultiPolygon geometry (longitude, latitude), or none. A
/// project's boundaries are one (each feature's `properties.code` is the small-area code its outputs
/// use); a published table is one with a feature per area and no geometry.
public struct FeatureCollection: Codable, Sendable, Equatable {
    public var type = "FeatureCollection"
    public var name: String?
    public var features: [Feature]

    public init(name: String? = nil, features: [Feature]) { self.name = name; self.features = features }

    /// Reads a FeatureCollection (other members are ignored); `nil` if `text` is not one.
    public static func read(_ text: String) -> FeatureCollection? {
        guard let c = try? JSONDecoder().decode(FeatureCollection.self, from: Data(text.utf8)), c.type == "FeatureCollection" else { return nil }
        return c
    }

    /// The collection as GeoJSON text, keys sorted.
    public func text() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(self), as: UTF8.self)
    }
}

/// One feature: an optional id, its properties, and its geometry (`null` when it has none).
public struct Feature: Codable, Sendable, Equatable {
    public var type = "Feature"
    public var id: String?
    public var properties: [String: JSONValue]?
    public var geometry: Geometry?

    public init(id: String? = nil, properties: [String: JSONValue]?, geometry: Geometry?) {
        self.id = id; self.properties = properties; self.geometry = geometry
    }

    private enum CodingKeys: String, CodingKey { case type, id, properties, geometry }

    /// `geometry` is always written, as `null` when there is none (RFC 7946 §3.2).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(properties, forKey: .properties)
        try c.encode(geometry, forKey: .geometry)
    }
}

/// A feature's geometry: the polygons the platform draws, or another kind it does not.
public enum Geometry: Codable, Sendable, Equatable {
    /// Rings of [longitude, latitude] positions, the outer ring first.
    case polygon([[[Double]]])
    case multiPolygon([[[[Double]]]])
    /// A Point, LineString or any other kind: kept by name only.
    case other(String)

    private enum CodingKeys: String, CodingKey { case type, coordinates }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "Polygon": self = .polygon(try c.decode([[[Double]]].self, forKey: .coordinates))
        case "MultiPolygon": self = .multiPolygon(try c.decode([[[[Double]]]].self, forKey: .coordinates))
        case let other: self = .other(other)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .polygon(let p): try c.encode("Polygon", forKey: .type); try c.encode(p, forKey: .coordinates)
        case .multiPolygon(let m): try c.encode("MultiPolygon", forKey: .type); try c.encode(m, forKey: .coordinates)
        case .other(let kind): try c.encode(kind, forKey: .type)
        }
    }

    /// Its polygons (each a list of rings), or `nil` for a kind that is not a polygon.
    public var polygons: [[[[Double]]]]? {
        switch self {
        case .polygon(let p): [p]
        case .multiPolygon(let m): m
        case .other: nil
        }
    }
}
