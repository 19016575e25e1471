/// Pseudonymised records from one or more datasets, held column by column for fast comparison:
/// every token (and name part) is interned to a small integer shared across datasets (0 means
/// missing), and every CLK is stored as contiguous 64-bit words with its popcount.
public final class LinkageTable: @unchecked Sendable {
    /// Dataset names, and each record's dataset index and record token.
    public internal(set) var datasets: [String] = []
    public internal(set) var datasetOf: [Int32] = []
    public internal(set) var recordTokens: [String] = []
    /// Interned token columns by name.
    public internal(set) var tokens: [String: [Int32]] = [:]
    /// Interned multi-token columns (name parts), flattened: `partsStart[i]..<partsStart[i+1]` index `parts`.
    public internal(set) var partColumns: [String: (start: [Int32], values: [Int32])] = [:]
    /// CLK columns by name: `words` per record and the filter's popcount (0 when missing).
    public internal(set) var clks: [String: CLKColumn] = [:]
    /// How often each interned token occurs, per column (for term-frequency adjustment).
    public internal(set) var frequencies: [String: [Int32: Int32]] = [:]
    var interned: [String: Int32] = ["": 0]

    /// One CLK column.
    public struct CLKColumn: Sendable {
        public var wordsPerRecord: Int
        public var words: [UInt64]
        public var counts: [Int32]
    }

    /// The number of records.
    public var count: Int { datasetOf.count }

    public init() {}

    func intern(_ s: String) -> Int32 {
        if let v = interned[s] { return v }
        let v = Int32(interned.count)
        interned[s] = v
        return v
    }

    /// Loads a pseudonymised CSV as dataset `name`. Columns ending `_token` (and blocking keys
    /// named in `tokenColumns`) become token columns, `_parts` columns become part columns, and
    /// the columns named in `clkColumns` become CLK columns; everything else is ignored.
    public func load(path: String, dataset name: String, tokenColumns extra: Set<String> = [], clkColumns: Set<String>,
                     progress: (Int) -> Void = { _ in }) throws {
        try load(reader: try CSVReader(path: path), source: path, dataset: name, tokenColumns: extra, clkColumns: clkColumns, progress: progress)
    }

    /// Loads from any CSV reader (e.g. a stored file decrypted as it streams); `source` names it in errors.
    public func load(reader: CSVReader, source path: String, dataset name: String, tokenColumns extra: Set<String> = [],
                     clkColumns: Set<String>, progress: (Int) -> Void = { _ in }) throws {
        guard let header = try reader.next()?.fields, let rt = header.firstIndex(of: "record_token") else {
            throw LinkageError.badInput("'\(path)' has no record_token column: is it a pseudonymised file?")
        }
        let layout = ChunkLayout(header: header, recordToken: rt, tokenColumns: extra, clkColumns: clkColumns)
        let d = addDataset(name, layout: layout)
        let tokenIdx = zip(layout.tokenIndex, layout.tokenNames), partIdx = zip(layout.partIndex, layout.partNames)
        let clkIdx = zip(layout.clkIndex, layout.clkNames)
        while let rec = try reader.next() {
            guard rec.fields.count == header.count else { throw LinkageError.badInput("'\(path)' line \(rec.line): wrong number of fields") }
            datasetOf.append(d)
            recordTokens.append(rec.fields[rt])
            for (i, c) in tokenIdx {
                let v = intern(rec.fields[i])
                tokens[c]!.append(v)
                if v != 0 { frequencies[c, default: [:]][v, default: 0] += 1 }
            }
            for (i, c) in partIdx {
                for p in rec.fields[i].split(separator: " ") { partColumns[c]!.values.append(intern(String(p))) }
                partColumns[c]!.start.append(Int32(partColumns[c]!.values.count))
            }
            for (i, c) in clkIdx {
                let text = rec.fields[i]
                var words = text.isEmpty ? nil : CLKBits.words(from: text)
                if !text.isEmpty, words == nil { throw LinkageError.badInput("'\(path)' line \(rec.line): column '\(c)' is not a well-formed CLK") }
                if clks[c]!.wordsPerRecord == 0, let w = words { clks[c]!.wordsPerRecord = w.count; clks[c]!.words = Array(repeating: 0, count: clks[c]!.counts.count * w.count) }
                let n = clks[c]!.wordsPerRecord
                if let w = words, w.count != n { throw LinkageError.badInput("'\(path)' line \(rec.line): column '\(c)' has CLKs of different lengths") }
                if words == nil { words = Array(repeating: 0, count: n) }
                clks[c]!.words.append(contentsOf: words!)
                clks[c]!.counts.append(Int32(words!.reduce(0) { $0 + $1.nonzeroBitCount }))
            }
            if count % 65536 == 0 { progress(count) }
        }
        padMissingColumns()
    }

    /// The share of records with a value in token column `column` (0 when no dataset has it).
    public func presence(of column: String) -> Double {
        guard let values = tokens[column], !values.isEmpty else { return 0 }
        return Double(values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }) / Double(values.count)
    }

    /// Starts dataset `name`, with every column its layout keeps that the table lacks (missing for the records
    /// before it); returns its index.
    func addDataset(_ name: String, layout: ChunkLayout) -> Int32 {
        let d = Int32(datasets.count), before = count
        datasets.append(name)
        for c in layout.tokenNames where tokens[c] == nil { tokens[c] = Array(repeating: 0, count: before) }
        for c in layout.partNames where partColumns[c] == nil { partColumns[c] = (Array(repeating: 0, count: before + 1), []) }
        for c in layout.clkNames where clks[c] == nil { clks[c] = CLKColumn(wordsPerRecord: 0, words: [], counts: Array(repeating: 0, count: before)) }
        return d
    }

    /// Columns the last dataset lacks are missing for its records: every column is made as long as the table.
    func padMissingColumns() {
        for c in tokens.keys where tokens[c]!.count < count { tokens[c]! += Array(repeating: 0, count: count - tokens[c]!.count) }
        for c in partColumns.keys where partColumns[c]!.start.count < count + 1 {
            let last = partColumns[c]!.start.last ?? 0
            partColumns[c]!.start += Array(repeating: last, count: count + 1 - partColumns[c]!.start.count)
        }
        for c in clks.keys where clks[c]!.counts.count < count {
            let missing = count - clks[c]!.counts.count
            clks[c]!.words += Array(repeating: 0, count: missing * clks[c]!.wordsPerRecord)
            clks[c]!.counts += Array(repeating: 0, count: missing)
        }
    }
}

/// Problems with linkage inputs or configuration.
public enum LinkageError: Error, CustomStringConvertible, Sendable {
    case badInput(String)
    case badConfig(String)
    public var description: String {
        switch self {
        case .badInput(let s): s
        case .badConfig(let s): "linkage config: \(s)"
        }
    }
}
