import Foundation

extension SVGChart {
    /// One step of a waterfall: what a comparison added to (or took from) the running match weight.
    struct Step {
        var label: String, weight: Double
    }

    /// A pair's match weight built up row by row: the prior, what each comparison added or took away (blue for,
    /// orange against), then the total from zero. Zero is probability ½; `marks` draw the run's thresholds (labels of
    /// the first to the left of its line, the second to the right).
    static func waterfall(title: String, prior: Double, steps: [Step], totalLabel: String, marks: [Mark] = []) -> String {
        let row = 24.0, labelW = 240.0, plotW = 480.0, top = marks.isEmpty ? 8.0 : 26.0
        var running = prior, spans: [(from: Double, to: Double)] = [(0, prior)]
        for s in steps { spans.append((running, running + s.weight)); running += s.weight }
        spans.append((0, running))
        let ends = spans.flatMap { [$0.from, $0.to] } + marks.map(\.at) + [0]
        let lo = (ends.min()! - 3).rounded(.down), hi = (ends.max()! + 3).rounded(.up)
        let x: (Double) -> Double = { labelW + ($0 - lo) / (hi - lo) * plotW }
        let labels = ["Prior (before comparing)"] + steps.map(\.label) + [totalLabel]
        let height = top + row * Double(labels.count) + 44
        var svg = open(title, width: labelW + plotW + 70, height: height)
        for (i, (label, span)) in zip(labels, spans).enumerated() {
            let y = top + Double(i) * row, last = i == labels.count - 1
            let a = x(min(span.from, span.to)), b = x(max(span.from, span.to)), up = span.to >= span.from
            svg += text(labelW - 8, y + 16, String(label.prefix(32)), anchor: "end", css: last ? "strong" : nil)
            // The prior and the total start at zero, so their change is their value.
            svg += rect(a, y + 3, max(b - a, 1.5), row - 6, up ? "bar" : "bar-alt")
            svg += text(up ? b + 4 : a - 4, y + 16, String(format: "%+.1f", span.to - span.from), anchor: up ? "start" : "end", css: "small")
        }
        let axisY = top + row * Double(labels.count)
        svg += line(x(lo), axisY, x(hi), axisY, "axis") + line(x(0), top, x(0), axisY, "axis")
        var t = (lo / 5).rounded(.up) * 5
        while t <= hi { svg += text(x(t), axisY + 16, String(format: "%+.0f", t), anchor: "middle", css: "small"); t += 5 }
        svg += text(x(0), axisY + 34, "match weight (0 = even odds)", anchor: "middle", css: "small")
        for (k, m) in marks.enumerated() {
            svg += line(x(m.at), top - 6, x(m.at), axisY, "mark")
            svg += text(x(m.at) + (k % 2 == 0 ? -4 : 4), 14, m.label, anchor: k % 2 == 0 ? "end" : "start", css: "small")
        }
        return svg + "</svg>"
    }
}
