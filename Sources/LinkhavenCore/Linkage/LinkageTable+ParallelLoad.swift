import Foundation

/// Loading a pseudonymised file on every core: the file is cut at line ends into one range per worker, and
/// each worker reads its range (`pread`, so the file never sits in this process's memory), parses it, decodes
/// its CLKs and interns its tokens locally; the ranges are then joined in order, each local token given its
/// table-wide number in order of first appearance — so the table is the one a single reader would have built,
/// number for number. A file with a quote in it (a quoted field may hold a line end, and a cut inside one would
/// split a record) is read again by one reader.
extension LinkageTable {
    /// Files smaller than this are read by one reader: the threads would cost more than they save.
    public static let parallelThreshold = 4 << 20

    /// Loads the pseudonymised CSV at `path` as dataset `name` (see ``load(reader:source:dataset:tokenColumns:clkColumns:progress:)``),
    /// on `workers` threads when the file has at least `minimumBytes` and holds no quoted field.
    public func load(path: String, dataset name: String, tokenColumns extra: Set<String> = [], clkColumns: Set<String>, workers: Int,
                     minimumBytes: Int = parallelThreshold) throws {
        guard workers > 1, let file = PositionalFile(path: path), file.size >= minimumBytes, file.size > 0 else {
            return try load(path: path, dataset: name, tokenColumns: extra, clkColumns: clkColumns)
        }
        let headerEnd = try file.offset(after: UInt8(ascii: "\n"), from: 0)
        let header = try Self.fields(of: file.bytes(0..<headerEnd))
        guard let rt = header.firstIndex(of: "record_token") else {
            throw LinkageError.badInput("'\(path)' has no record_token column: is it a pseudonymised file?")
        }
        let layout = ChunkLayout(header: header, recordToken: rt, tokenColumns: extra, clkColumns: clkColumns)
        let ranges = try Self.cut(file, from: headerEnd, into: workers)
        var results = [Result<Chunk, any Error>](repeating: .failure(CancellationError()), count: ranges.count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            Parallel.forEach(workers: ranges.count) { w in out[w] = Result { try Chunk(file, ranges[w], layout: layout) } }
        }
        // A quote anywhere: a quoted field may hold a line end, and a cut inside one would split a record.
        if results.contains(where: { if case .failure(is QuotedField) = $0 { true } else { false } }) {
            return try load(path: path, dataset: name, tokenColumns: extra, clkColumns: clkColumns)
        }
        // Lines before each range: the header's, then each earlier range's, for errors that name the file's own line.
        var firstLine = 2
        var chunks: [Chunk] = []
        for r in results {
            switch r {
            case .success(let c): chunks.append(c)
            case .failure(let e as ChunkError): throw LinkageError.badInput("'\(path)' line \(firstLine + e.line - 1): \(e.reason)")
            case .failure(let e): throw e
            }
            firstLine += chunks.last!.lines
        }
        results = []
        try join(&chunks, dataset: name, layout: layout, path: path)
    }

    /// The fields of one line (the header).
    static func fields(of line: Data) throws -> [String] {
        var taken = false
        let reader = CSVReader { buffer in
            guard !taken else { return 0 }
            taken = true
            buffer.copyBytes(from: line)
            return line.count
        }
        return try reader.next()?.fields ?? []
    }

    /// The file from `from` cut into `parts` ranges that each end just after a line end (the last at the end of the file).
    static func cut(_ file: PositionalFile, from: Int, into parts: Int) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = [], start = from
        for p in 1...parts {
            guard start < file.size else { break }
            let end = p == parts ? file.size : try file.offset(after: UInt8(ascii: "\n"), from: max(start, from + (file.size - from) * p / parts))
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// Appends the chunks, in order, as dataset `name`, letting each go once it is in (they are as large as the table).
    func join(_ chunks: inout [Chunk], dataset name: String, layout: ChunkLayout, path: String) throws {
        let d = addDataset(name, layout: layout)
        for k in chunks.indices {
            let chunk = chunks[k]
            chunks[k] = Chunk(layout: layout)
            // First appearances in file order: the numbers one reader would give. Into an empty table the
            // first range's numbers are already those (its index becomes the table's, and nothing is renumbered).
            let global: [Int32]? = interned.count == 1 ? nil : chunk.strings.map(intern)
            if global == nil { interned = chunk.index }
            func renumber(_ ids: [Int32]) -> [Int32] { global.map { g in ids.map { g[Int($0)] } } ?? ids }
            datasetOf += Array(repeating: d, count: chunk.records.count)
            recordTokens += chunk.records
            for (k, c) in layout.tokenNames.enumerated() {
                tokens[c]! += renumber(chunk.tokens[k])
                if global == nil, frequencies[c] == nil { frequencies[c] = chunk.frequencies[k].isEmpty ? nil : chunk.frequencies[k]; continue }
                for (v, n) in chunk.frequencies[k] { frequencies[c, default: [:]][global.map { $0[Int(v)] } ?? v, default: 0] += n }
            }
            for (k, c) in layout.partNames.enumerated() {
                let offset = Int32(partColumns[c]!.values.count)
                partColumns[c]!.values += renumber(chunk.parts[k].values)
                partColumns[c]!.start += chunk.parts[k].ends.map { $0 + offset }
            }
            for (k, c) in layout.clkNames.enumerated() {
                let part = chunk.clks[k], n = clks[c]!.wordsPerRecord
                if n == 0, part.wordsPerRecord > 0 {
                    clks[c]!.wordsPerRecord = part.wordsPerRecord
                    clks[c]!.words = Array(repeating: 0, count: clks[c]!.counts.count * part.wordsPerRecord)
                } else if n > 0, part.wordsPerRecord > 0, part.wordsPerRecord != n {
                    throw LinkageError.badInput("'\(path)' column '\(c)' has CLKs of different lengths")
                }
                let width = clks[c]!.wordsPerRecord
                clks[c]!.words += part.wordsPerRecord == 0 ? Array(repeating: 0, count: chunk.records.count * width) : part.words
                clks[c]!.counts += part.counts
            }
        }
        padMissingColumns()
    }
}
