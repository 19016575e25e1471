import Foundation
import LinkhavenCore
import Vapor

/// Published outputs as open data. Suppressed cells are `[c]` in CSV (the ONS convention) and
/// `null` in JSON; only protected figures are ever written.
enum OpenData {
    static func json(_ d: AnalysisDefinition, _ r: AnalysisResult) -> OpenDataOut { OpenDataOut(title: d.title, kind: d.kind, definition: d, result: r) }

    static func csv(_ d: AnalysisDefinition, _ r: AnalysisResult) -> String {
        var rows: [[String]] = []
        if let t = r.table {
            rows.append([t.rowVariable] + t.columns + ["Total"])
            for (i, cells) in t.cells.enumerated() {
                rows.append([i < t.rows.count ? t.rows[i] : "Total"] + cells.map { $0.value.map(String.init) ?? "[c]" })
            }
        } else if let m = r.model {
            rows.append(["term", "odds_ratio", "lower_95", "upper_95", "p_value"])
            rows += m.terms.map { [$0.name, fmt($0.oddsRatio), fmt($0.lower95), fmt($0.upper95), fmt($0.pValue)] }
            rows.append(["observations", String(DisclosureControl.round(m.observations, to: r.rules.roundingBase)), "", "", ""])
        } else if let c = r.comparison {
            rows.append(["measure", "value"])
            let n = { DisclosureControl.round($0, to: r.rules.roundingBase) }
            rows += [["treated_matched", String(n(c.treatedMatched))], ["treated_rate", fmt(c.treatedRate)], ["control_rate", fmt(c.controlRate)],
                     ["difference", fmt(c.difference)], ["lower_95", fmt(c.lower95)], ["upper_95", fmt(c.upper95)], ["p_value", fmt(c.pValue)]]
        } else {
            rows += [["measure", "value"], ["population", String(r.population)], ["cohort", r.cohort.map(String.init) ?? "[c]"]]
        }
        var bytes: [UInt8] = []
        for row in rows { CSVWriter.encode(row, into: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A FeatureCollection with one feature per row (area): its published cells as properties (a
    /// suppressed cell is `null`, and the feature says `suppressed: true` and which columns), and the
    /// area's boundary polygon from the project's boundaries (`properties.code`), or null geometry for
    /// an area they do not cover.
    static func geojson(_ t: CheckedTable, boundaries: FeatureCollection? = nil) throws -> String {
        var shapes: [String: Geometry] = [:]
        for f in boundaries?.features ?? [] {
            if case .string(let code)? = f.properties?["code"], let g = f.geometry, g.polygons != nil { shapes[code] = g }
        }
        let features = t.rows.indices.map { i in
            var props: [String: JSONValue] = [t.rowVariable: .string(t.rows[i])]
            var suppressed: [JSONValue] = []
            for (j, col) in (t.columns + ["Total"]).enumerated() {
                props[col] = t.cells[i][j].value.map(JSONValue.integer) ?? .null
                if t.cells[i][j].value == nil { suppressed.append(.string(col)) }
            }
            props["suppressed"] = .bool(!suppressed.isEmpty)
            if !suppressed.isEmpty { props["suppressedColumns"] = .array(suppressed) }
            return Feature(id: t.rows[i], properties: props, geometry: shapes[t.rows[i]])
        }
        return try FeatureCollection(name: t.title, features: features).text()
    }

    static func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    /// A figure that may not be estimable: an empty cell when it is not.
    static func fmt(_ x: Double?) -> String { x.map(fmt) ?? "" }
}
