import Foundation

/// Charts drawn on the server as SVG (no script). Each has a title and description for screen
/// readers, and every page that shows one also shows the same figures as a table.
enum SVGChart {
    /// Horizontal bars, one per label; `maximum` sets the scale (the largest value when nil). A `nil`
    /// value is a suppressed figure: no bar, marked [c].
    static func bars(title: String, labels: [String], values: [Double?], maximum: Double? = nil, format: (Double) -> String) -> String {
        let top = max(maximum ?? values.compactMap { $0 }.max() ?? 1, 1e-9), row = 26.0, labelWidth = 230.0, barWidth = 420.0
        let height = row * Double(labels.count) + 10
        var svg = "<svg class=\"chart\" role=\"img\" aria-labelledby=\"t\(abs(title.hashValue))\" viewBox=\"0 0 \(Int(labelWidth + barWidth + 90)) \(Int(height))\" width=\"\(Int(labelWidth + barWidth + 90))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"t\(abs(title.hashValue))\">\(HTML.esc(title))</title>"
        for (i, (label, v)) in zip(labels, values).enumerated() {
            let y = Double(i) * row + 4, w = max(0, (v ?? 0) / top * barWidth)
            svg += "<text x=\"\(Int(labelWidth - 8))\" y=\"\(Int(y + 16))\" text-anchor=\"end\">\(HTML.esc(String(label.prefix(32))))</text>"
            if v != nil { svg += "<rect class=\"bar\" x=\"\(Int(labelWidth))\" y=\"\(Int(y))\" width=\"\(String(format: "%.1f", w))\" height=\"\(Int(row - 6))\"></rect>" }
            svg += "<text x=\"\(Int(labelWidth + w + 6))\" y=\"\(Int(y + 16))\">\(HTML.esc(v.map(format) ?? "[c] suppressed"))</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical bars over an ordered axis (e.g. the match-weight histogram), with axis labels.
    static func histogram(title: String, labels: [String], counts: [Int], every: Int = 10) -> String {
        let top = Double(max(counts.max() ?? 1, 1)), w = 8.0, h = 200.0, left = 50.0
        let width = left + w * Double(counts.count) + 20
        var svg = "<svg class=\"chart\" role=\"img\" aria-labelledby=\"h\(abs(title.hashValue))\" viewBox=\"0 0 \(Int(width)) \(Int(h + 40))\" width=\"\(Int(width))\" height=\"\(Int(h + 40))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"h\(abs(title.hashValue))\">\(HTML.esc(title))</title>"
        svg += "<line class=\"axis\" x1=\"\(Int(left))\" y1=\"\(Int(h))\" x2=\"\(Int(width - 10))\" y2=\"\(Int(h))\"></line>"
        svg += "<text x=\"0\" y=\"14\">\(Int(top))</text><text x=\"0\" y=\"\(Int(h))\">0</text>"
        for (i, c) in counts.enumerated() {
            let bh = Double(c) / top * (h - 10), x = left + Double(i) * w
            if c > 0 { svg += "<rect class=\"bar\" x=\"\(String(format: "%.1f", x))\" y=\"\(String(format: "%.1f", h - bh))\" width=\"\(Int(w - 1))\" height=\"\(String(format: "%.1f", bh))\"></rect>" }
            if i % every == 0 { svg += "<text x=\"\(Int(x))\" y=\"\(Int(h + 18))\">\(HTML.esc(labels[i]))</text>" }
        }
        return svg + "</svg>"
    }
}
