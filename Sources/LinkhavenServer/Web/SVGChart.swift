import Foundation

/// Charts drawn on the server as SVG (no script). Each has a title and description for screen
/// readers, and every page that shows one also shows the same figures as a table.
enum SVGChart {
    /// One horizontal bar: `value` nil is a suppressed figure (no bar, marked [c]); `muted` draws it grey.
    struct Bar {
        var label: String, value: Double?, text: String, muted = false
    }

    /// Horizontal bars, one per label; `maximum` sets the scale (the largest value when nil). A `nil`
    /// value is a suppressed figure: no bar, marked [c].
    static func bars(title: String, labels: [String], values: [Double?], maximum: Double? = nil, format: (Double) -> String) -> String {
        bars(title: title, zip(labels, values).map { Bar(label: $0, value: $1, text: $1.map(format) ?? "[c] suppressed") }, maximum: maximum)
    }

    /// Horizontal bars with their own text after each; `valueWidth` is the room left for that text.
    static func bars(title: String, _ bars: [Bar], maximum: Double? = nil, labelWidth: Double = 230, valueWidth: Double = 90) -> String {
        let top = max(maximum ?? bars.compactMap(\.value).max() ?? 1, 1e-9), row = 26.0, barWidth = 420.0
        var svg = open(title, width: labelWidth + barWidth + valueWidth, height: row * Double(bars.count) + 10)
        for (i, b) in bars.enumerated() {
            let y = Double(i) * row + 4, w = max(0, (b.value ?? 0) / top * barWidth)
            svg += text(labelWidth - 8, y + 16, String(b.label.prefix(Int(labelWidth / 7.5))), anchor: "end")
            if b.value != nil { svg += rect(labelWidth, y, w, row - 6, b.muted ? "bar-muted" : "bar") }
            svg += text(labelWidth + w + 6, y + 16, b.text)
        }
        return svg + "</svg>"
    }

    /// A vertical mark on a histogram or curve, at a position on its x axis.
    struct Mark {
        var at: Double, label: String
    }

    /// Vertical bars over an ordered axis (e.g. the match-weight histogram), with axis labels. `marks` draw
    /// vertical lines at bin positions (fractions allowed), `band` shades a range of them; `logScale` makes
    /// small counts visible beside large ones (heights ∝ log(1 + count)).
    static func histogram(title: String, labels: [String], counts: [Int], every: Int = 10,
                          marks: [Mark] = [], band: ClosedRange<Double>? = nil, logScale: Bool = false) -> String {
        let top = Double(max(counts.max() ?? 1, 1)), w = 8.0, h = 200.0, left = 60.0
        let width = left + w * Double(counts.count) + 20
        let scale: (Double) -> Double = { logScale ? log1p($0) / log1p(top) : $0 / top }
        let x: (Double) -> Double = { left + $0 * w + w / 2 }
        var svg = open(title, width: width, height: h + 40 + (marks.isEmpty ? 0 : 20))
        if let band { svg += rect(x(band.lowerBound), 0, x(band.upperBound) - x(band.lowerBound), h, "band") }
        svg += line(left, h, width - 10, h, "axis")
        svg += text(0, 14, logScale ? "\(Int(top)) (log)" : String(Int(top))) + text(0, h, "0")
        for (i, c) in counts.enumerated() {
            let bh = scale(Double(c)) * (h - 10), bx = left + Double(i) * w
            if c > 0 { svg += rect(bx, h - bh, w - 1, bh, "bar") }
            if i % every == 0 { svg += text(bx, h + 18, labels[i]) }
        }
        for (k, m) in marks.enumerated() {
            svg += line(x(m.at), 0, x(m.at), h + 4, "mark")
            svg += text(x(m.at), h + 36, m.label, anchor: k % 2 == 0 ? "end" : "start", css: "small")
        }
        return svg + "</svg>"
    }
}

extension SVGChart {
    /// The opening tag of a chart of this size, titled for screen readers. The title's id is derived from the
    /// title itself, so a page is the same each time it is drawn.
    static func open(_ title: String, width: Double, height: Double) -> String {
        var hash: UInt32 = 2_166_136_261
        for b in title.utf8 { hash = (hash ^ UInt32(b)) &* 16_777_619 }
        let id = "c\(String(hash, radix: 36))", w = Int(width.rounded(.up)), h = Int(height.rounded(.up))
        return "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"\(id)\">\(HTML.esc(title))</title>"
    }

    static func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ css: String) -> String {
        "<rect class=\"\(css)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\"></rect>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ css: String) -> String {
        "<line class=\"\(css)\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"></line>"
    }

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", css: String? = nil) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\"\(anchor == "start" ? "" : " text-anchor=\"\(anchor)\"")\(css.map { " class=\"\($0)\"" } ?? "")>\(HTML.esc(s))</text>"
    }

    /// A coordinate to one decimal place.
    static func n(_ v: Double) -> String { String(format: "%.1f", v) }
}
