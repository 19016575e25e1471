import Foundation

/// A two-way table of magnitudes (e.g. total arrears by area and tenure): per cell, each
/// contributor's value, so that the dominance and p-ratio rules can be applied.
public struct MagnitudeTable: Sendable, Equatable {
    public var title: String
    public var rowVariable: String, columnVariable: String, valueVariable: String
    public var rows: [String], columns: [String]
    /// `contributions[r][c]`: the value of each person in the cell.
    public var contributions: [[[Double]]]

    public init(title: String, rowVariable: String, columnVariable: String, valueVariable: String, rows: [String], columns: [String],
                contributions: [[[Double]]]) {
        self.title = title
        self.rowVariable = rowVariable
        self.columnVariable = columnVariable
        self.valueVariable = valueVariable
        self.rows = rows
        self.columns = columns
        self.contributions = contributions
    }

    /// Contributors per cell with margins (a margin's contributors are its line's).
    var withMargins: [[[Double]]] {
        var g = contributions.map { $0 + [$0.flatMap { $0 }] }
        g.append((0...columns.count).map { c in g.flatMap { $0[c] } })
        return g
    }
}

extension DisclosureControl {
    /// Why a magnitude cell must be suppressed (rule and action), or `nil`: too few contributors,
    /// dominance (n, k), or the p-ratio rule.
    public static func magnitudeFailure(_ values: [Double], rules: DisclosureRules) -> (String, String)? {
        let sorted = values.map(abs).sorted(by: >), total = sorted.reduce(0, +)
        guard !values.isEmpty, total > 0 else { return nil }
        if values.count < rules.minimumCount { return ("threshold", "suppressed: fewer than \(rules.minimumCount) contributors") }
        if sorted.prefix(rules.dominanceN).reduce(0, +) >= rules.dominanceK * total {
            return ("dominance", "suppressed: the largest \(rules.dominanceN) contributors make up at least \(Int(rules.dominanceK * 100))% of the total")
        }
        if sorted.count >= 2, total - sorted[0] - sorted[1] < rules.pRatio * sorted[0] {
            return ("p-ratio", "suppressed: the second largest contributor could estimate the largest to within \(Int(rules.pRatio * 100))%")
        }
        return nil
    }

    /// Protects a magnitude table: primary suppression by contributors, dominance and p-ratio,
    /// then secondary suppression as for counts. Published sums are rounded to whole units.
    public static func protect(_ t: MagnitudeTable, rules: DisclosureRules) -> CheckedTable {
        let contributors = t.withMargins
        let sums = contributors.map { $0.map { $0.reduce(0, +) } }
        let R = t.rows.count, C = t.columns.count
        var p = Pattern(values: sums, names: (t.rows + ["Total"], t.columns + ["Total"]))
        for r in 0...R { for c in 0...C {
            if let (rule, action) = magnitudeFailure(contributors[r][c], rules: rules) { p.suppress(r, c, rule, action) }
        } }
        p.protectSecondary()
        let cells = (0...R).map { r in (0...C).map { c in
            PublishedCell(value: p.status[r][c] == "published" ? Int(sums[r][c].rounded()) : nil, status: p.status[r][c])
        } }
        return CheckedTable(title: t.title, rowVariable: t.rowVariable, columnVariable: t.columnVariable, rows: t.rows, columns: t.columns,
                            cells: cells, findings: p.findings, rules: rules)
    }
}
