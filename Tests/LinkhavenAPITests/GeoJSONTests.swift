import Foundation
import LinkhavenAPI
import Testing

@Suite("GeoJSON as the platform reads and writes it")
struct GeoJSONTests {
    @Test func readsPolygonsAndMultiPolygonsWithWhateverPropertiesTheyCarry() throws {
        let text = """
            {"type": "FeatureCollection", "crs": {"type": "name"}, "features": [
              {"type": "Feature", "properties": {"code": "E01021", "Shape__Area": 12.5, "tags": ["a", 1, null], "meta": {"x": true}},
               "geometry": {"type": "Polygon", "coordinates": [[[0.4, 51.5], [0.5, 51.5], [0.5, 51.6], [0.4, 51.5]]]}},
              {"type": "Feature", "id": "b", "properties": {"code": "E01022"},
               "geometry": {"type": "MultiPolygon", "coordinates": [[[[1, 2], [3, 4], [5, 6], [1, 2]]], [[[7, 8], [9, 10], [11, 12], [7, 8]]]]}}
            ]}
            """
        let c = try #require(FeatureCollection.read(text))
        #expect(c.features.map { $0.properties?["code"]?.string } == ["E01021", "E01022"])
        #expect(c.features[0].properties?["tags"] == .array([.string("a"), .integer(1), .null]))
        #expect(c.features[0].geometry?.polygons?.count == 1 && c.features[1].geometry?.polygons?.count == 2)
        #expect(c.features[1].geometry?.polygons?[1][0][1] == [9, 10])
    }

    @Test func refusesWhatIsNotAFeatureCollectionOrHasMalformedCoordinates() {
        #expect(FeatureCollection.read(#"{"type": "Feature", "features": []}"#) == nil)
        #expect(FeatureCollection.read("not json") == nil)
        #expect(FeatureCollection.read(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [1, 2]}}]}"#) == nil)
        let point = FeatureCollection.read(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": null, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}"#)
        #expect(point?.features[0].geometry == .other("Point") && point?.features[0].geometry?.polygons == nil)
    }

    @Test func writesGeometryAsNullWhenThereIsNoneAndReadsBackWhatItWrote() throws {
        let c = FeatureCollection(name: "Readiness", features: [
            Feature(id: "E01021", properties: ["area": .string("E01021"), "Y": .integer(12), "share": .number(0.25), "N": .null], geometry: nil),
            Feature(properties: ["code": .string("E01022")], geometry: .polygon([[[0, 0], [1, 0], [1, 1], [0, 0]]])),
        ])
        let text = try c.text()
        #expect(text.contains(#""geometry":null"#) && text.contains(#""N":null"#) && text.contains(#""Y":12,"#) && text.contains(#""type":"FeatureCollection""#))
        #expect(FeatureCollection.read(text) == c)
    }
}
