import Foundation
@testable import LinkhavenServer
import Testing

/// The run page's charts: every figure gets its own place, and what is drawn adds up to what is said.
@Suite struct SVGChartTests {
    /// The `y` of every `<text>` whose content is one of `labels`.
    static func rows(_ svg: String, _ labels: [String]) -> [String: Double] {
        var found: [String: Double] = [:]
        for part in svg.components(separatedBy: "<text ").dropFirst() {
            guard let close = part.range(of: ">"), let end = part.range(of: "</text>") else { continue }
            let content = String(part[close.upperBound..<end.lowerBound])
            guard labels.contains(content), let y = part.range(of: "y=\"") else { continue }
            found[content] = Double(part[y.upperBound...].prefix { $0 != "\"" })
        }
        return found
    }

    @Test func everyLevelHasARowOfItsOwn() {
        let groups = [SVGChart.LevelGroup(name: "surname", rows: [.init(label: "exact", m: 0.9, u: 0.001, weight: 9.8), .init(label: "similar", m: 0.05, u: 0.01, weight: 2.3),
                                                                  .init(label: "else", m: 0.05, u: 0.989, weight: -4.3)]),
                      SVGChart.LevelGroup(name: "date of birth", rows: [.init(label: "same day", m: 0.95, u: 0.003, weight: 8.3), .init(label: "otherwise", m: 0.05, u: 0.997, weight: -4.3)])]
        let svg = SVGChart.levels(title: "levels", groups: groups)
        let ys = Self.rows(svg, ["surname", "exact", "similar", "else", "date of birth", "same day", "otherwise"])
        #expect(ys.count == 7 && Set(ys.values).count == 7, "\(ys)")
        #expect(ys["exact"]! < ys["similar"]! && ys["similar"]! < ys["else"]! && ys["else"]! < ys["date of birth"]!, "in order, strongest first")
        #expect(svg.components(separatedBy: "class=\"bar-alt\"").count - 1 == 2, "two weights against a match")
        #expect(svg.contains(">0.10%<") && svg.contains(">90%<") && svg.contains(">+9.8<"))
    }

    @Test func aWaterfallEndsAtThePairsTotal() {
        let steps = [SVGChart.Step(label: "given name: exact", weight: 6.5), .init(label: "surname: else", weight: -4.5), .init(label: "date of birth: exact", weight: 9.7)]
        let svg = SVGChart.waterfall(title: "pair", prior: -9.5, steps: steps, totalLabel: "Total", marks: [.init(at: -3.7, label: "review"), .init(at: 0.4, label: "links")])
        #expect(svg.contains(">-9.5<") && svg.contains(">+6.5<") && svg.contains(">-4.5<") && svg.contains(">+2.2<"), "the total is the prior plus every step")
        let ys = Self.rows(svg, ["Prior (before comparing)", "given name: exact", "surname: else", "date of birth: exact", "Total"])
        #expect(Set(ys.values).count == 5 && ys["Prior (before comparing)"]! < ys["Total"]!)
        #expect(svg.components(separatedBy: "class=\"mark\"").count - 1 == 2)
    }

    @Test func percentagesShowSmallProbabilitiesAsNotZero() {
        #expect(SVGChart.percent(0.97) == "97%" && SVGChart.percent(0.045) == "4.5%" && SVGChart.percent(0.0012) == "0.12%")
        #expect(SVGChart.percent(0.000_017) == "0.0017%" && SVGChart.percent(0) == "0%")
    }

    @Test func aCurveMarksTheChosenPointAndAHistogramItsBand() {
        let curve = SVGChart.curves(title: "curve", xs: [-4, 0, 4, 8], series: [.init(name: "precision", values: [0.5, 0.9, 0.99, 1], css: "line-a")],
                                    xTitle: "weight", floor: 0.5, mark: .init(at: 4, label: "chosen"))
        #expect(curve.contains("<polyline class=\"line-a\"") && curve.contains(">chosen<") && curve.contains(">50%<") && !curve.contains(">40%<"))
        #expect(SVGChart.curves(title: "one point", xs: [1], series: [], xTitle: "weight").isEmpty, "nothing to draw from one point")
        let histogram = SVGChart.histogram(title: "h", labels: ["a", "b", "c"], counts: [1000, 0, 3], every: 1, marks: [.init(at: 1.5, label: "links")], band: 1...1.5, logScale: true)
        #expect(histogram.contains("class=\"band\"") && histogram.contains(">links<") && histogram.contains("1000 (log)"))
    }
}
