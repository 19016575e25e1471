import Foundation

/// Small-area choropleth maps drawn on the server as SVG from a project's GeoJSON boundaries.
enum SVGMap {
    /// Polygons by area code, from a GeoJSON FeatureCollection whose features carry `properties.code`
    /// and Polygon or MultiPolygon geometry (longitude, latitude). `nil` if it is not one.
    static func areas(_ geojson: String) -> [String: [[[Double]]]]? {
        guard let collection = FeatureCollection.read(geojson), collection.features.count <= 10_000 else { return nil }
        var out: [String: [[[Double]]]] = [:]
        for f in collection.features {
            guard let code = f.properties?["code"]?.string, let polygons = f.geometry?.polygons else { return nil }
            // Outer rings only (holes are rare for small areas and drawn over by neighbours).
            out[code, default: []] += polygons.compactMap { $0.first }.filter { $0.allSatisfy { $0.count >= 2 } }
        }
        return out
    }

    /// A choropleth of `values` (shares 0–1) by area: five classes of one blue, grey where a
    /// value is suppressed or missing, with a legend. The page shows the same figures as a table.
    static func choropleth(title: String, areas: [String: [[[Double]]]], values: [String: Double?]) -> String {
        let points = areas.values.flatMap { $0.flatMap { $0 } }
        guard let minX = points.map({ $0[0] }).min(), let maxX = points.map({ $0[0] }).max(),
              let minY = points.map({ $0[1] }).min(), let maxY = points.map({ $0[1] }).max() else { return "" }
        let k = cos((minY + maxY) / 2 * .pi / 180), width = 520.0
        let scale = width / max((maxX - minX) * k, 1e-9), height = max(40, (maxY - minY) * scale)
        let fills = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
        var svg = "<svg class=\"chart map\" role=\"img\" aria-labelledby=\"m\(abs(title.hashValue))\" viewBox=\"0 0 \(Int(width + 180)) \(Int(height + 20))\" width=\"\(Int(width + 180))\" height=\"\(Int(height + 20))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"m\(abs(title.hashValue))\">\(HTML.esc(title))</title>"
        for (code, rings) in areas.sorted(by: { $0.key < $1.key }) {
            let v = values[code] ?? nil
            let fill = v.map { fills[min(4, max(0, Int($0 * 5)))] } ?? "#b1b4b6"
            for ring in rings {
                let d = ring.enumerated().map { i, p in String(format: "%@%.1f %.1f", i == 0 ? "M" : "L", (p[0] - minX) * k * scale + 10, (maxY - p[1]) * scale + 10) }.joined() + "Z"
                svg += "<path d=\"\(d)\" fill=\"\(fill)\" stroke=\"#0b0c0c\" stroke-width=\"1\"><title>\(HTML.esc(code)): \(v.map { String(format: "%.0f%%", $0 * 100) } ?? "suppressed")</title></path>"
            }
        }
        for (i, f) in fills.enumerated() {
            svg += "<rect x=\"\(Int(width + 30))\" y=\"\(10 + i * 24)\" width=\"18\" height=\"18\" fill=\"\(f)\" stroke=\"#0b0c0c\"></rect><text x=\"\(Int(width + 54))\" y=\"\(24 + i * 24)\">\(i * 20)–\(i * 20 + 20)%</text>"
        }
        svg += "<rect x=\"\(Int(width + 30))\" y=\"130\" width=\"18\" height=\"18\" fill=\"#b1b4b6\" stroke=\"#0b0c0c\"></rect><text x=\"\(Int(width + 54))\" y=\"144\">suppressed</text>"
        return svg + "</svg>"
    }

    /// The map of an output whose rows are small areas the `boundaries` (GeoJSON) cover, shading each by
    /// the share in its "Y" column (or the last), suppressed areas grey, under a "Map" heading; nil when
    /// the output is not such a table.
    static func forOutput(_ result: AnalysisResult, boundaries: String) -> String? {
        guard let t = result.table, let rates = result.rates, let areas = areas(boundaries), t.rows.contains(where: { areas[$0] != nil }), !t.columns.isEmpty else {
            return nil
        }
        if t.columnVariable.hasSuffix("services") {
            // The resilience view: the share known to two or more services — the published 2 and 3+ added up or,
            // where they are suppressed, one less the share known to one (their sum, which the row shows anyway).
            let several = t.columns.indices.filter { t.columns[$0] != "1" }, one = t.columns.firstIndex(of: "1")
            let values = Dictionary(uniqueKeysWithValues: t.rows.enumerated().map { i, area in
                (area, total(several.map { rates[i][$0] }) ?? one.flatMap { rates[i][$0] }.map { 1 - $0 })
            })
            let who = t.columnVariable.hasPrefix("hh:") ? "households" : "people"
            return "<h2>Map</h2>" + choropleth(title: "Share of \(who) known to 2 or more services, by \(t.rowVariable) (suppressed areas grey)", areas: areas, values: values)
        }
        let column = t.columns.firstIndex(of: "Y") ?? t.columns.count - 1
        let values = Dictionary(uniqueKeysWithValues: t.rows.enumerated().map { ($1, rates[$0][column]) })
        return "<h2>Map</h2>" + choropleth(title: "Share '\(t.columns[column])' by \(t.rowVariable) (suppressed areas grey)", areas: areas, values: values)
    }

    /// The sum of shares, or nil when there are none or any is suppressed.
    private static func total(_ shares: [Double?]) -> Double? {
        guard !shares.isEmpty, !shares.contains(where: { $0 == nil }) else { return nil }
        return shares.reduce(0) { $0 + $1! }
    }
}
