import Foundation

/// Statistical disclosure control of count tables: primary suppression (small counts; groups
/// whose members all fall in one category), secondary suppression until no table line has a
/// single suppressed cell and no suppressed cell can be worked out from the published cells and
/// totals, then rounding of everything published.
public enum DisclosureControl {
    /// Protects a table under `rules`; the result says cell by cell what was done. `overlap` holds
    /// what other outputs over the same population already did with cells this table shares:
    /// totals (variable → category → published?; "*" → "Total" for the grand total) and, for a table
    /// of the same two variables, its cells (`cellKey(rows, columns)` → `cellKey(row, column)`). A cell
    /// hidden there is hidden here; one shown there is known, so it is never relied on to hide another.
    public static func protect(_ t: CountTable, rules: DisclosureRules, overlap: [String: [String: Bool]] = [:]) -> CheckedTable {
        let g = t.withMargins
        let R = t.rows.count, C = t.columns.count
        var p = Pattern(values: g.map { $0.map(Double.init) }, names: (t.rows + ["Total"], t.columns + ["Total"]))
        // Primary: small counts anywhere, totals included.
        for r in 0...R { for c in 0...C where g[r][c] > 0 && g[r][c] < rules.minimumCount {
            p.suppress(r, c, "threshold", "suppressed: fewer than \(rules.minimumCount)")
        } }
        // Primary: a group all of whose members are in one category discloses that attribute of each of them.
        if C >= 2 {
            for r in 0..<R where g[r][C] > 0 {
                if let c = (0..<C).first(where: { g[r][$0] == g[r][C] }) {
                    p.suppress(r, c, "group-disclosure", "suppressed: every member of '\(p.names.0[r])' is in '\(p.names.1[c])'")
                }
            }
        }
        let cross = overlap[cellKey(t.rowVariable, t.columnVariable)] ?? [:], crossed = overlap[cellKey(t.columnVariable, t.rowVariable)] ?? [:]
        let interior = (0..<R).flatMap { r in (0..<C).map { c in ((r, c), cross[cellKey(t.rows[r], t.columns[c])] ?? crossed[cellKey(t.columns[c], t.rows[r])]) } }
        let shared = (0..<R).map { (($0, C), overlap[t.rowVariable]?[t.rows[$0]]) } + (0..<C).map { ((R, $0), overlap[t.columnVariable]?[t.columns[$0]]) }
            + [((R, C), overlap["*"]?["Total"])] + interior
        for ((r, c), published) in shared {
            if published == false { p.suppress(r, c, "consistency", "suppressed as in another output of the same population") }
            if published == true { p.known.insert(r * (C + 1) + c) }
        }
        for r in 0..<R { for c in 0..<C where g[r][c] == 0 && p.status[r][c] == "published" {
            p.findings.append(DisclosureFinding(rule: "zero", row: p.names.0[r], column: p.names.1[c], action: "published: a zero discloses no one"))
        } }
        p.protectSecondary()
        let cells = (0...R).map { r in (0...C).map { c in
            PublishedCell(value: p.status[r][c] == "published" ? round(g[r][c], to: rules.roundingBase) : nil, status: p.status[r][c])
        } }
        if rules.roundingBase > 1 {
            p.findings.append(DisclosureFinding(rule: "rounding", row: "*", column: "*",
                                                action: "every published count rounded to the nearest \(rules.roundingBase); totals rounded independently"))
        }
        return CheckedTable(title: t.title, rowVariable: t.rowVariable, columnVariable: t.columnVariable, rows: t.rows, columns: t.columns,
                            cells: cells, findings: p.findings, rules: rules)
    }

    /// A suppression pattern over a table with margins, grown until it is safe.
    struct Pattern {
        let values: [[Double]]
        let names: ([String], [String])
        var status: [[String]]
        var findings: [DisclosureFinding] = []
        /// Cells already public elsewhere: never chosen to hide another.
        var known: Set<Int> = []
        var R: Int { values.count - 1 }
        var C: Int { values[0].count - 1 }

        init(values: [[Double]], names: ([String], [String])) {
            self.values = values
            self.names = names
            status = values.map { $0.map { _ in "published" } }
        }

        mutating func suppress(_ r: Int, _ c: Int, _ rule: String, _ action: String) {
            guard status[r][c] == "published" else { return }
            status[r][c] = rule
            findings.append(DisclosureFinding(rule: rule, row: names.0[r], column: names.1[c], action: action))
        }

        /// Secondary suppression: until no line has a single suppressed cell and the auditor can
        /// determine no suppressed cell from the published ones.
        mutating func protectSecondary() {
            for _ in 0..<(4 * (R + 2) * (C + 2)) {
                let status = self.status, known = self.known, width = C + 1
                // Hidden: suppressed here and not public elsewhere. Candidates: published here and not public elsewhere.
                let hiddenCell = { (x: (Int, Int)) in status[x.0][x.1] != "published" && !known.contains(x.0 * width + x.1) }
                let candidate = { (x: (Int, Int)) in status[x.0][x.1] == "published" && !known.contains(x.0 * width + x.1) }
                if let line = DisclosureControl.lines(R, C).first(where: { $0.filter(hiddenCell).count == 1 && $0.contains(where: candidate) }) {
                    let (r, c) = DisclosureControl.cheapest(line.filter(candidate), values, status)
                    suppress(r, c, "secondary", DisclosureControl.secondaryAction)
                    continue
                }
                let hidden = (0...R).flatMap { r in (0...C).map { (r, $0) } }.filter(hiddenCell)
                guard let exposed = SuppressionAuditor.determinable(hidden: hidden, grid: values, rows: R, columns: C).first else { return }
                // Still determined by a combination of lines: widen the pattern along its row, else its column.
                var open = (0...C).map { (exposed.0, $0) }.filter(candidate)
                if open.isEmpty { open = (0...R).map { ($0, exposed.1) }.filter(candidate) }
                guard !open.isEmpty else { return }
                let (r, c) = DisclosureControl.cheapest(open, values, status)
                suppress(r, c, "secondary", DisclosureControl.secondaryAction)
            }
        }
    }

    /// The key of a pair of variables, or of a pair of categories, in `overlap`.
    public static func cellKey(_ a: String, _ b: String) -> String { a + " × " + b }

    static let secondaryAction = "suppressed so that no suppressed cell can be worked out from the published cells and totals"

    /// Every additive line of the table with margins: each row with its total, each column with its
    /// total; the total is always a line's last cell.
    public static func lines(_ R: Int, _ C: Int) -> [[(Int, Int)]] {
        (0...R).map { r in (0...C).map { (r, $0) } } + (0...C).map { c in (0...R).map { ($0, c) } }
    }

    /// The published cell of a line to suppress next: interior before totals, smallest positive value first.
    static func cheapest(_ line: [(Int, Int)], _ g: [[Double]], _ status: [[String]]) -> (Int, Int) {
        let R = g.count - 1, C = g[0].count - 1
        let open = line.filter { status[$0.0][$0.1] == "published" }
        return open.min { a, b in
            let ka = (a.0 == R || a.1 == C ? 1 : 0, g[a.0][a.1] == 0 ? 1 : 0, g[a.0][a.1])
            let kb = (b.0 == R || b.1 == C ? 1 : 0, g[b.0][b.1] == 0 ? 1 : 0, g[b.0][b.1])
            return ka < kb
        } ?? line[0]
    }

    /// Rounds to the nearest multiple of `base` (halves up); 1 leaves the value.
    public static func round(_ v: Int, to base: Int) -> Int {
        base <= 1 ? v : ((v + base / 2) / base) * base
    }
}
