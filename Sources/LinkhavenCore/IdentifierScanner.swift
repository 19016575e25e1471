/// What a scan found in one column: the kind, how many values, and the first lines.
public struct ScanFinding: Codable, Sendable, Equatable {
    /// The column's header name.
    public var column: String
    /// What the values look like.
    public var kind: IdentifierKind
    /// How many values looked like it.
    public var count: Int
    /// The first few line numbers (never the values).
    public var lines: [Int]
}

/// The result of scanning a file for identifiers.
public struct ScanReport: Codable, Sendable, Equatable {
    /// Data rows scanned.
    public var rows: Int
    /// Findings, by column then kind.
    public var findings: [ScanFinding]
    /// `true` when nothing was found.
    public var isClean: Bool { findings.isEmpty }
}

/// Scans a whole CSV with ``IdentifierDetector``, streaming.
public enum IdentifierScanner {
    /// A column of single common names is reported when at least this share of its values are names.
    public static let singleNameShare = 0.2
    /// Line numbers kept per finding.
    public static let linesKept = 10

    /// Scans `reader` (whose first record is the header). Columns named `record_token` or ending
    /// `_token` must hold well-formed tokens.
    public static func scan(reader: CSVReader, progress: (Int, Int) -> Void = { _, _ in }) throws -> ScanReport {
        guard let header = try reader.next()?.fields.map(\.trimmingWhitespace) else { return ScanReport(rows: 0, findings: []) }
        let tokenColumn = header.map { $0 == "record_token" || $0.hasSuffix("_token") || $0.hasSuffix("_parts") }
        var counts = Array(repeating: [IdentifierKind: (Int, [Int])](), count: header.count)
        var singleNames = Array(repeating: (0, [Int]()), count: header.count)
        var nonEmpty = Array(repeating: 0, count: header.count)
        var rows = 0
        while let r = try reader.next() {
            rows += 1
            for (i, v) in r.fields.enumerated() where i < header.count {
                if v.isEmpty { continue }
                nonEmpty[i] += 1
                for kind in IdentifierDetector.detect(v, isTokenColumn: tokenColumn[i]) {
                    var e = counts[i][kind] ?? (0, [])
                    e.0 += 1
                    if e.1.count < linesKept { e.1.append(r.line) }
                    counts[i][kind] = e
                }
                if !tokenColumn[i], IdentifierDetector.isSingleCommonName(v) {
                    singleNames[i].0 += 1
                    if singleNames[i].1.count < linesKept { singleNames[i].1.append(r.line) }
                }
            }
            if rows % 65536 == 0 { progress(rows, reader.bytesRead) }
        }
        var findings: [ScanFinding] = []
        for (i, column) in header.enumerated() {
            var byKind = counts[i]
            let share = nonEmpty[i] == 0 ? 0 : Double(singleNames[i].0) / Double(nonEmpty[i])
            if share >= singleNameShare {
                var e = byKind[.personName] ?? (0, [])
                e.0 += singleNames[i].0
                e.1 = Array((e.1 + singleNames[i].1).sorted().prefix(linesKept))
                byKind[.personName] = e
            }
            for (kind, e) in byKind.sorted(by: { $0.key < $1.key }) {
                findings.append(ScanFinding(column: column, kind: kind, count: e.0, lines: e.1))
            }
        }
        return ScanReport(rows: rows, findings: findings)
    }
}
