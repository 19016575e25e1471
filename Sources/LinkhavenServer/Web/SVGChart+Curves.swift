import Foundation

extension SVGChart {
    /// One line of a curve chart; `css` is its stroke class (`line-a`, `line-b`, `line-c`).
    struct Series {
        var name: String, values: [Double], css: String
    }

    /// Lines over a numeric x axis — rates from `floor` to 1 against, say, a match weight — with a legend, grid
    /// lines at whole tenths of the rate, ticks every `tick` along x and an optional vertical mark.
    static func curves(title: String, xs: [Double], series: [Series], xTitle: String, tick: Double = 5,
                       floor: Double = 0, mark: Mark? = nil) -> String {
        guard let lo = xs.min(), let hi = xs.max(), hi > lo else { return "" }
        let left = 56.0, top = 48.0, plotW = 620.0, plotH = 240.0, bottom = 48.0, yLo = min(floor, 0.9)
        let x: (Double) -> Double = { left + ($0 - lo) / (hi - lo) * plotW }
        let y: (Double) -> Double = { top + (1 - (min(max($0, yLo), 1) - yLo) / (1 - yLo)) * plotH }
        var svg = open(title, width: left + plotW + 24, height: top + plotH + bottom)
        var r = yLo
        while r <= 1.0001 {
            svg += line(left, y(r), left + plotW, y(r), "grid") + text(left - 6, y(r) + 5, String(format: "%.0f%%", r * 100), anchor: "end")
            r += (1 - yLo) <= 0.3 ? 0.05 : 0.1
        }
        var t = (lo / tick).rounded(.up) * tick
        while t <= hi {
            svg += line(x(t), top + plotH, x(t), top + plotH + 5, "axis") + text(x(t), top + plotH + 20, String(format: "%+.0f", t), anchor: "middle")
            t += tick
        }
        svg += line(left, top + plotH, left + plotW, top + plotH, "axis") + text(left + plotW / 2, top + plotH + 42, xTitle, anchor: "middle")
        for (k, s) in series.enumerated() {
            let points = zip(xs, s.values).map { "\(n(x($0))),\(n(y($1)))" }.joined(separator: " ")
            svg += "<polyline class=\"\(s.css)\" points=\"\(points)\"></polyline>"
            let lx = left + Double(k) * 170
            svg += line(lx, 12, lx + 24, 12, s.css) + text(lx + 30, 17, s.name)
        }
        if let mark {
            svg += line(x(mark.at), top - 12, x(mark.at), top + plotH, "mark")
            let right = x(mark.at) > left + plotW * 0.6
            svg += text(x(mark.at) + (right ? -6 : 6), top - 4, mark.label, anchor: right ? "end" : "start", css: "small")
        }
        return svg + "</svg>"
    }
}
