import Foundation

/// A two-way table of counts, rows × columns, as an analysis produces it before any disclosure
/// control. Rows are groups (e.g. small areas), columns the categories counted within them.
public struct CountTable: Codable, Sendable, Equatable {
    public var title: String
    public var rowVariable: String, columnVariable: String
    public var rows: [String], columns: [String]
    /// `counts[r][c]`: people in row group `r` and column category `c`.
    public var counts: [[Int]]

    public init(title: String, rowVariable: String, columnVariable: String, rows: [String], columns: [String], counts: [[Int]]) {
        self.title = title
        self.rowVariable = rowVariable
        self.columnVariable = columnVariable
        self.rows = rows
        self.columns = columns
        self.counts = counts
    }

    /// The table with its margins: `(rows + 1) × (columns + 1)`, the last row and column the totals.
    public var withMargins: [[Int]] {
        var g = counts.map { $0 + [$0.reduce(0, +)] }
        g.append((0...columns.count).map { c in g.reduce(0) { $0 + $1[c] } })
        return g
    }
}

/// One cell as published: its rounded value, or `nil` when suppressed, and why.
public struct PublishedCell: Codable, Sendable, Equatable {
    public var value: Int?
    /// `published`, or the rule that suppressed it: `threshold`, `group-disclosure`, `dominance`, `p-ratio`, `secondary`.
    public var status: String

    public init(value: Int?, status: String) {
        self.value = value
        self.status = status
    }
}

/// What the check found in one cell and what it did.
public struct DisclosureFinding: Codable, Sendable, Equatable {
    public var rule: String
    public var row: String, column: String
    public var action: String

    public init(rule: String, row: String, column: String, action: String) {
        self.rule = rule
        self.row = row
        self.column = column
        self.action = action
    }
}

/// A table after disclosure control: every cell (margins last) as published, the findings cell by
/// cell, and the rules applied. Never holds an unprotected small count.
public struct CheckedTable: Codable, Sendable, Equatable {
    public var title: String
    public var rowVariable: String, columnVariable: String
    public var rows: [String], columns: [String]
    /// `(rows + 1) × (columns + 1)`; the last row and column are the totals ("Total").
    public var cells: [[PublishedCell]]
    public var findings: [DisclosureFinding]
    public var rules: DisclosureRules

    /// Suppressed cells, as (row, column) indices into `cells`.
    public var suppressed: [(Int, Int)] {
        cells.indices.flatMap { r in cells[r].indices.filter { cells[r][$0].value == nil }.map { (r, $0) } }
    }
}
