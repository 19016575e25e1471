/// Builds a ``DataQualityReport`` one record at a time, in bounded memory.
public struct DataQualityProfiler: Sendable {
    struct Column: Sendable {
        var spec: OutputColumn
        var check: ColumnCheck
        var filled = 0, wellFormed = 0
        var numbers = 0, dates = 0
        var distinct = DistinctCounter()
        var clkFill = 0.0, clkSaturated = 0
        var minNumber = Double.infinity, maxNumber = -Double.infinity
        var minDate: String? = nil, maxDate: String? = nil
    }

    let dataset: String
    var columns: [Column]
    var rows = 0
    var rowsWithoutMatchKey = 0
    let matchKeys: [Int]
    let recordToken: Int?

    /// A profiler for `dataset`'s pseudonymised file with `columns` (in file order).
    public init(dataset: String, columns: [OutputColumn]) {
        self.dataset = dataset
        self.columns = columns.map { Column(spec: $0, check: ColumnCheck($0)) }
        matchKeys = columns.indices.filter { columns[$0].kind.isMatchKey }
        recordToken = columns.firstIndex { $0.kind == .recordToken }
    }

    /// Whether `v` is a year, year-month or ISO date (generalised dates).
    static func isDateLike(_ v: Substring.UTF8View) -> Bool {
        let b = Array(v)
        guard [4, 7, 10].contains(b.count) else { return false }
        for (i, c) in b.enumerated() {
            if i == 4 || i == 7 { if c != 0x2D { return false } } else if !(0x30...0x39).contains(c) { return false }
        }
        return true
    }

    /// Looks at one data record (fields in column order).
    public mutating func add(_ fields: [String]) {
        rows += 1
        if !matchKeys.isEmpty, !matchKeys.contains(where: { $0 < fields.count && !fields[$0].isEmpty }) { rowsWithoutMatchKey += 1 }
        for i in columns.indices where i < fields.count {
            let v = fields[i].trimmingWhitespace
            if v.isEmpty { continue }
            columns[i].filled += 1
            columns[i].distinct.add(v)
            if columns[i].check != .detect {
                guard columns[i].check.isWellFormed(v) else { continue }
                columns[i].wellFormed += 1
                if case .clk = columns[i].check, let words = CLKBits.words(from: v) {
                    let fill = Double(words.reduce(0) { $0 + $1.nonzeroBitCount }) / Double(words.count * 64)
                    columns[i].clkFill += fill
                    if fill > 0.9 { columns[i].clkSaturated += 1 }
                }
            } else if let n = Double(v), n.isFinite {
                columns[i].numbers += 1
                columns[i].minNumber = min(columns[i].minNumber, n)
                columns[i].maxNumber = max(columns[i].maxNumber, n)
            } else if Self.isDateLike(v[...].utf8) {
                columns[i].dates += 1
                if columns[i].minDate.map({ v < $0 }) ?? true { columns[i].minDate = v }
                if columns[i].maxDate.map({ v > $0 }) ?? true { columns[i].maxDate = v }
            }
        }
    }

    /// The report for everything added.
    public func report() -> DataQualityReport {
        var warnings: [String] = []
        let out = columns.map { c -> DataQualityReport.ColumnQuality in
            let filled = max(c.filled, 1)
            var type = "pseudonym", valid = c.wellFormed
            var minimum: String? = nil, maximum: String? = nil
            if c.check == .detect {
                if c.numbers >= c.dates, Double(c.numbers) >= 0.9 * Double(c.filled), c.numbers > 0 {
                    type = "number"; valid = c.numbers
                    minimum = Self.format(c.minNumber); maximum = Self.format(c.maxNumber)
                } else if Double(c.dates) >= 0.9 * Double(c.filled), c.dates > 0 {
                    type = "date"; valid = c.dates
                    minimum = c.minDate; maximum = c.maxDate
                } else {
                    type = "text"; valid = c.filled
                }
            }
            let q = DataQualityReport.ColumnQuality(
                name: c.spec.name, kind: c.spec.kind, filled: c.filled, completeness: rows == 0 ? 0 : Double(c.filled) / Double(rows),
                valid: valid, validity: Double(valid) / Double(filled), distinct: c.distinct.count, distinctExact: c.distinct.isExact,
                duplicates: max(0, c.filled - c.distinct.count),
                clkMeanFill: c.spec.kind == .clk ? (c.wellFormed == 0 ? 0 : c.clkFill / Double(c.wellFormed)) : nil,
                clkSaturated: c.spec.kind == .clk ? c.clkSaturated : nil, minimum: minimum, maximum: maximum, type: type)
            if q.validity < 0.99, c.filled > 0 { warnings.append("column '\(q.name)': \(c.filled - valid) values are not valid \(type == "pseudonym" ? "pseudonyms" : "\(type)s")") }
            if c.spec.kind.isMatchKey, rows > 0, q.completeness < 0.5 { warnings.append("match key '\(q.name)' is filled in only \(Int(q.completeness * 100))% of rows") }
            if let fill = q.clkMeanFill, fill > 0.7 { warnings.append("CLK '\(q.name)' has \(Int(fill * 100))% of bits set on average: too full to tell people apart") }
            return q
        }
        let duplicateTokens = recordToken.map { i in out[i].duplicates } ?? 0
        if duplicateTokens > 0 { warnings.append("\(duplicateTokens) record tokens appear more than once: the same source record was sent twice") }
        if rowsWithoutMatchKey > 0 { warnings.append("\(rowsWithoutMatchKey) rows have no match key and can never be linked") }
        return DataQualityReport(format: DataQualityReport.currentFormat, dataset: dataset, rows: rows, columns: out,
                                 matchKeyCoverage: rows == 0 ? 0 : Double(rows - rowsWithoutMatchKey) / Double(rows),
                                 rowsWithoutMatchKey: rowsWithoutMatchKey, duplicateRecordTokens: duplicateTokens, warnings: warnings)
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}
