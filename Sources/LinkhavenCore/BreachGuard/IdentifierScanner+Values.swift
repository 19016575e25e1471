extension IdentifierScanner {
    /// The breach guard over one column's values held in memory — an analysis output's categories
    /// before anyone sees them — judged exactly as an upload's column is: the detectors, then each
    /// value against the column (`declared`'s type and code list, or what the values show). Repeats
    /// count: pass every person's value, not the distinct ones. Findings never hold a value; their
    /// lines are positions in `values`, counted from 1.
    public static func scan(values: [String], column: String, declared: OutputColumn? = nil) -> [ScanFinding] {
        let columns = declared.map { d -> [OutputColumn] in
            var c = d
            c.name = column
            return [c]
        } ?? []
        var scan = ScanAccumulator(header: [column], checks: [.detect], columns: columns)
        for (i, v) in values.enumerated() { scan.add(CSVRecord(fields: [v], line: i + 1, badEncodingField: nil)) }
        return scan.report().findings
    }
}
