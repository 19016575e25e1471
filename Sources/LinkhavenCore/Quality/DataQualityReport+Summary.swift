import Foundation

extension DataQualityReport {
    /// The report as a short table for a terminal: rows, match-key coverage, each column's
    /// completeness, validity and distinct values, then the warnings. Aggregates only.
    public var summary: String {
        func pct(_ x: Double) -> String { String(format: "%5.1f%%", x * 100) }
        var lines = ["Data quality of '\(dataset)': \(rows) rows; \(pct(matchKeyCoverage).trimmingCharacters(in: .whitespaces)) have a match key"
                     + (duplicateRecordTokens > 0 ? "; \(duplicateRecordTokens) repeated record tokens" : "")]
        let width = min(28, max(6, columns.map(\.name.count).max() ?? 6))
        lines.append("  " + "column".padding(toLength: width, withPad: " ", startingAt: 0) + "  filled  valid   distinct")
        for c in columns {
            let distinct = (c.distinctExact ? "" : "~") + String(c.distinct)
            var line = "  " + c.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + pct(c.completeness) + " " + pct(c.validity)
                + " " + distinct.leftPadded(to: 10)
            if let fill = c.clkMeanFill { line += String(format: "  CLK fill %.2f", fill) + (c.clkSaturated.map { $0 > 0 ? ", \($0) saturated" : "" } ?? "") }
            if let lo = c.minimum, let hi = c.maximum { line += "  \(lo) … \(hi)" }
            lines.append(line)
        }
        lines += warnings.map { "  warning: " + $0 }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
