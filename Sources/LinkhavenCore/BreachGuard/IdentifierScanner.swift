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
    /// Where in the file the leak is: a whole column, cells of a pseudonym column, single cells
    /// of an attribute column, free text, or the header.
    public var placement: LeakPlacement? = nil
}

/// Where in a file a finding is, as the breach guard reports it.
public enum LeakPlacement: String, Codable, Sendable, CaseIterable, Comparable {
    /// A column whose values are (at least a fifth of them) identifiers.
    case wholeColumn
    /// Values of a token, CLK or digest column that are not pseudonyms.
    case tokenColumn
    /// A few cells of an attribute or quasi-identifier column.
    case singleCells
    /// Inside free text.
    case freeText
    /// The header row.
    case header

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// Plain-English name of the placement.
    public var label: String {
        switch self {
        case .wholeColumn: "the whole column"
        case .tokenColumn: "in a pseudonym column"
        case .singleCells: "in single cells"
        case .freeText: "inside free text"
        case .header: "in the header"
        }
    }
}

/// The result of scanning a file for identifiers.
public struct ScanReport: Codable, Sendable, Equatable {
    /// Data rows scanned.
    public var rows: Int
    /// Findings, by column then kind.
    public var findings: [ScanFinding]
    /// `true` when nothing was found.
    public var isClean: Bool { findings.isEmpty }

    /// A report of `rows` data rows and `findings`.
    public init(rows: Int, findings: [ScanFinding]) {
        self.rows = rows
        self.findings = findings
    }
}

/// How a scanner checks one column.
public enum ColumnCheck: Sendable, Equatable {
    /// Free values: run every identifier detector.
    case detect
    /// Pseudonyms: every value must be well-formed tokens (space-separated for name parts).
    case token
    /// CLKs: base64url of `bits` bits (any whole number of 64-bit words when `nil`).
    case clk(bits: Int?)
    /// OpenPseudonymiser digests: 64 upper-case hex digits.
    case digest

    /// The check for a column of a pseudonymised file.
    public init(_ c: OutputColumn) {
        switch c.kind {
        case .recordToken, .token, .tokenParts, .blockingKey: self = .token
        case .clk: self = .clk(bits: c.bits)
        case .digest: self = .digest
        case .quasiIdentifier, .attribute: self = .detect
        }
    }

    /// The check a column gets from its name alone: `record_token`, `*_token`, `*_parts` and `bk_*`
    /// hold tokens, `*_clk` CLKs — the names the provider tool writes.
    public init(headerName h: String) {
        if h.hasSuffix("_clk") { self = .clk(bits: nil); return }
        self = h == "record_token" || h.hasSuffix("_token") || h.hasSuffix("_parts") || h.hasPrefix("bk_") ? .token : .detect
    }

    /// Whether `v` (non-empty, trimmed) is a well-formed pseudonym for this check; `true` for `.detect`.
    func isWellFormed(_ v: String) -> Bool {
        if self == .detect { return true }
        var v = v
        return v.withUTF8 { isWellFormed(utf8: $0) }
    }

    /// The same, on the value's UTF-8 bytes (no copies).
    func isWellFormed(utf8 v: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .detect: true
        case .token: TokenEncoder.areWellFormed(utf8: v)
        case .clk(let bits): CLKBits.words(utf8: v).map { bits == nil || $0.count * 64 == bits } ?? false
        case .digest: v.count == 64 && v.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x46).contains($0) }
        }
    }
}

/// Scans records one at a time and gathers findings per column and kind (line numbers, never values).
public struct ScanAccumulator: Sendable {
    let header: [String]
    let checks: [ColumnCheck]
    var counts: [[IdentifierKind: (Int, [Int])]]
    var singleNames: [(Int, [Int])]
    var nonEmpty: [Int]
    /// Per free column, what the detectors said of values already seen (most columns repeat a few
    /// codes and flags): the same answer without running them again. Bounded per column.
    var memo: [[String: Verdict]]
    /// Per column, how its values look and the short word values among them (see ``ColumnProfile``).
    var profiles: [ColumnProfile]
    /// Per column, what the spec says it holds (type and code list), when it says.
    let declared: [OutputColumn?]
    /// Per column, its agreed code list as a set, looked up for every new value.
    let agreedValues: [Set<String>?]
    struct Verdict { var kinds: Set<IdentifierKind>; var singleName: Bool; var shape: ValueShape; var evidence: NameEvidence? }
    static let memoLimit = 2048
    /// Data rows seen.
    public internal(set) var rows = 0

    /// A scanner for files with `header`, checking column `i` with `checks[i]` and, where `columns`
    /// has a column of the same name, judging its values against that column's declared profile.
    public init(header: [String], checks: [ColumnCheck], columns: [OutputColumn] = []) {
        precondition(header.count == checks.count)
        self.header = header
        self.checks = checks
        let byName = Dictionary(columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        declared = header.map { byName[$0] }
        agreedValues = declared.map { $0?.values.map(Set.init) }
        profiles = Array(repeating: ColumnProfile(), count: header.count)
        counts = Array(repeating: [:], count: header.count)
        singleNames = Array(repeating: (0, []), count: header.count)
        nonEmpty = Array(repeating: 0, count: header.count)
        memo = Array(repeating: [:], count: header.count)
    }

    /// What the detectors make of a free value (`IdentifierDetector.detect` and `isSingleCommonName`),
    /// remembered per column.
    mutating func verdict(_ v: String, column i: Int) -> Verdict {
        if let known = memo[i][v] { return known }
        let t = v.trimmingWhitespace
        var verdict = IdentifierDetector.isPlainNumber(t) ? Verdict(kinds: [], singleName: false, shape: .number, evidence: nil)
            : Verdict(kinds: IdentifierDetector.detect(t), singleName: IdentifierDetector.isSingleCommonName(t), shape: ValueShape.of(t),
                      evidence: NameEvidence.of(t))
        if declared[i]?.type == .text { verdict.kinds.remove(.freeText) }   // agreed free text: searched inside, not refused whole
        if agreedValues[i]?.contains(t) == true { verdict.kinds = []; verdict.evidence = nil }   // on the agreed code list
        if memo[i].count < Self.memoLimit { memo[i][v] = verdict }
        return verdict
    }

    mutating func note(_ kind: IdentifierKind, column i: Int, line: Int) {
        var e = counts[i][kind] ?? (0, [])
        e.0 += 1
        if e.1.count < IdentifierScanner.linesKept { e.1.append(line) }
        counts[i][kind] = e
    }

    /// Looks at one data record.
    public mutating func add(_ r: CSVRecord) {
        rows += 1
        for (i, v) in r.fields.enumerated() where i < header.count && !v.isEmpty {
            nonEmpty[i] += 1
            if checks[i] != .detect {
                if !checks[i].isWellFormed(v.trimmingWhitespace) { note(.malformedToken, column: i, line: r.line) }
                continue
            }
            let verdict = verdict(v, column: i)
            // A short name (Sarah Okafor) is judged with the column's other values at the end: in a
            // column of place names it may be one of them, many times over.
            let judgedLater = profiles[i].add(v, verdict, line: r.line)
            for kind in verdict.kinds where !(kind == .personName && judgedLater) { note(kind, column: i, line: r.line) }
            if verdict.singleName {
                singleNames[i].0 += 1
                if singleNames[i].1.count < IdentifierScanner.linesKept { singleNames[i].1.append(r.line) }
            }
        }
    }

    /// The findings so far, by column then kind.
    public func report() -> ScanReport {
        var findings: [ScanFinding] = []
        for (i, column) in header.enumerated() {
            var byKind = counts[i]
            let share = nonEmpty[i] == 0 ? 0 : Double(singleNames[i].0) / Double(nonEmpty[i])
            if share >= IdentifierScanner.singleNameShare {
                var e = byKind[.personName] ?? (0, [])
                e.0 += singleNames[i].0
                e.1 = Array((e.1 + singleNames[i].1).sorted().prefix(IdentifierScanner.linesKept))
                byKind[.personName] = e
            }
            if checks[i] == .detect, share < IdentifierScanner.singleNameShare, let cells = outOfPlaceNames(column: i) {   // else the whole column is reported
                var e = byKind[.personName] ?? (0, [])
                e.0 += cells.0
                e.1 = Array((e.1 + cells.1).sorted().prefix(IdentifierScanner.linesKept))
                byKind[.personName] = e
            }
            for (kind, e) in byKind.sorted(by: { $0.key < $1.key }) {
                findings.append(ScanFinding(column: column, kind: kind, count: e.0, lines: e.1, placement: placement(of: kind, count: e.0, column: i)))
            }
        }
        return ScanReport(rows: rows, findings: findings)
    }
}

/// Scans a whole CSV with ``IdentifierDetector``, streaming.
public enum IdentifierScanner {
    /// A column of single common names is reported when at least this share of its values are names.
    public static let singleNameShare = 0.2
    /// Line numbers kept per finding.
    public static let linesKept = 10

    /// Scans `reader` (whose first record is the header). Columns named `record_token` or ending
    /// `_token` or `_parts` must hold well-formed tokens; with `columns` (a dataset's
    /// ``DatasetSpec/outputColumns``) each column is checked as its kind requires.
    public static func scan(reader: CSVReader, columns: [OutputColumn]? = nil, progress: (Int, Int) -> Void = { _, _ in }) throws -> ScanReport {
        guard let header = try reader.next()?.fields.map(\.trimmingWhitespace) else { return ScanReport(rows: 0, findings: []) }
        let byName = Dictionary((columns ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var scan = ScanAccumulator(header: header, checks: header.map { h in byName[h].map(ColumnCheck.init) ?? ColumnCheck(headerName: h) },
                                   columns: columns ?? [])
        while let r = try reader.next() {
            scan.add(r)
            if scan.rows % 65536 == 0 { progress(scan.rows, reader.bytesRead) }
        }
        var report = scan.report()
        report.findings = scanHeader(header, agreed: Set(byName.keys)) + report.findings
        return report
    }

    /// Header cells that hold an identifier — a data row exported where the header should be, a
    /// column named after someone — as findings on line 1, named by position (the cell is the value).
    /// Column names are written in lower case with underscores; a capitalised name among them is out of place.
    public static func scanHeader(_ header: [String], agreed: Set<String> = []) -> [ScanFinding] {
        header.enumerated().compactMap { i, h -> ScanFinding? in
            if agreed.contains(h) { return nil }
            var kinds = IdentifierDetector.detect(h)
            kinds.remove(.freeText)
            if let e = NameEvidence.of(h), e.fullName || (e.nameNotWord && e.allNames) || (e.capitalised && e.any) { kinds.insert(.personName) }
            if IdentifierDetector.headerHoldsName(h) { kinds.insert(.personName) }
            guard let kind = kinds.min() else { return nil }
            return ScanFinding(column: "header cell \(i + 1)", kind: kind, count: 1, lines: [1], placement: .header)
        }
    }
}
