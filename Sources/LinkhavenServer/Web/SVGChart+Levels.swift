import Foundation

extension SVGChart {
    /// One comparison level: m and u (nil for a correction, which has only a weight) and its match weight.
    struct LevelRow {
        var label: String, m: Double?, u: Double?, weight: Double
    }

    /// A comparison and its levels, strongest first.
    struct LevelGroup {
        var name: String, rows: [LevelRow]
    }

    /// The model at a glance, one row per level grouped by comparison: m = P(level | match) and
    /// u = P(level | non-match) as bars from 0 to 1, and the weight log2(m/u) as a bar either side of zero —
    /// evidence for a match to the right, against it to the left.
    static func levels(title: String, groups: [LevelGroup]) -> String {
        let row = 22.0, head = 28.0, labelW = 250.0, colW = 170.0, barW = 105.0, weightW = 400.0
        let mX = labelW + 10, uX = mX + colW, zero = uX + colW + weightW / 2
        let top = max(groups.flatMap { $0.rows.map { abs($0.weight) } }.max() ?? 1, 1)
        let height = 30 + Double(groups.count) * head + Double(groups.reduce(0) { $0 + $1.rows.count }) * row
        var svg = open(title, width: uX + colW + weightW + 10, height: height)
        svg += text(mX, 18, "m (if a match)", css: "strong") + text(uX, 18, "u (if not)", css: "strong")
        svg += text(zero, 18, "weight: against ← 0 → for", anchor: "middle", css: "strong")
        var y = 30.0
        for g in groups {
            svg += text(0, y + 19, g.name, css: "strong")
            y += head
            for (k, r) in g.rows.enumerated() {
                let y = y + Double(k) * row
                svg += text(labelW, y + 15, String(r.label.prefix(34)), anchor: "end")
                for (x, v) in [(mX, r.m), (uX, r.u)] {
                    guard let v else { continue }
                    svg += rect(x, y + 3, v * barW, row - 6, "bar") + text(x + v * barW + 4, y + 15, percent(v), css: "small")
                }
                let w = r.weight / top * (weightW / 2 - 40)
                svg += rect(min(zero, zero + w), y + 3, abs(w), row - 6, r.weight >= 0 ? "bar" : "bar-alt")
                svg += text(zero + w + (w >= 0 ? 4 : -4), y + 15, String(format: "%+.1f", r.weight), anchor: w >= 0 ? "start" : "end", css: "small")
            }
            y += Double(g.rows.count) * row
        }
        return svg + line(zero, 26, zero, y, "axis") + "</svg>"
    }

    /// A probability as a percentage with as many decimals as it takes to show it is not zero.
    static func percent(_ v: Double) -> String {
        let p = v * 100
        if p == 0 { return "0%" }
        if p >= 10 { return String(format: "%.0f%%", p) }
        if p >= 1 { return String(format: "%.1f%%", p) }
        let decimals = min(6, Int((-log10(p)).rounded(.up)) + 1)
        return String(format: "%.\(decimals)f%%", p)
    }
}
