import Foundation
@testable import LinkhavenAPI
import Testing

@Suite("The contract's schemas, read from its types")
struct SchemaTests {
    enum Colour: String, APIEnum { case red, green }
    struct Inner: Codable { var at: Date; var id: UUID }
    struct Outer: Codable {
        var name: String; var count: Int; var ratio: Double; var on: Bool
        var note: String?
        var colour: Colour
        var tags: [String]; var inners: [Inner]; var byName: [String: Int]
        var maybe: Inner?
    }

    @Test func anObjectItsPropertiesAndWhichAreRequired() throws {
        guard case .object(let properties, let required) = Schema.of(Outer.self) else { Issue.record("not an object"); return }
        let byName = Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema) })
        #expect(properties.map(\.name) == ["name", "count", "ratio", "on", "note", "colour", "tags", "inners", "byName", "maybe"])
        #expect(required == ["name", "count", "ratio", "on", "colour", "tags", "inners", "byName"], "optionals are not required")
        #expect(byName["name"] == .string(format: nil) && byName["count"] == .integer && byName["ratio"] == .number && byName["on"] == .boolean)
        #expect(byName["colour"] == .enumeration(["red", "green"]))
        #expect(byName["tags"] == .array(.string(format: nil)))
        #expect(byName["inners"] == .array(.object([.init(name: "at", schema: .string(format: "date-time")), .init(name: "id", schema: .string(format: "uuid"))],
                                                   required: ["at", "id"])))
        #expect(byName["byName"] == .map(.integer))
        #expect(byName["maybe"] == byName["inners"].flatMap { if case .array(let i) = $0 { i } else { nil } })
    }

    /// A list whose elements may be null (a table's rates, where a cell is suppressed) says so: schemathesis
    /// found replies with nulls where the document promised numbers.
    @Test func optionalElementsAreNullable() throws {
        struct Rates: Codable { var rates: [[Double?]]?; var names: [String?] }
        guard case .object(let properties, let required) = Schema.of(Rates.self) else { Issue.record("not an object"); return }
        #expect(properties.first { $0.name == "rates" }?.schema == .array(.array(.nullable(.number))))
        #expect(properties.first { $0.name == "names" }?.schema == .array(.nullable(.string(format: nil))) && required == ["names"])
        let e = JSONEncoder(); e.outputFormatting = .sortedKeys
        #expect(String(decoding: try e.encode(Schema.nullable(.number)), as: UTF8.self) == #"{"anyOf":[{"type":"number"},{"type":"null"}]}"#)
    }

    @Test func topLevelArraysEnumsAndNoBody() {
        #expect(Schema.of([Colour].self) == .array(.enumeration(["red", "green"])))
        #expect(Schema.of(NoBody.self) == .object([], required: []))
    }

    @Test func encodesAsJSONSchema() throws {
        let e = JSONEncoder(); e.outputFormatting = .sortedKeys
        let json = String(decoding: try e.encode(Schema.of(Inner.self)), as: UTF8.self)
        #expect(json == #"{"properties":{"at":{"format":"date-time","type":"string"},"id":{"format":"uuid","type":"string"}},"required":["at","id"],"type":"object"}"#)
    }
}
