import Foundation

extension LinkageTable {
    /// Which columns of a pseudonymised file the table keeps, by position, worked out once from its header.
    struct ChunkLayout: Sendable {
        let width: Int, recordToken: Int
        let tokenIndex: [Int], tokenNames: [String]
        let partIndex: [Int], partNames: [String]
        let clkIndex: [Int], clkNames: [String]

        init(header: [String], recordToken: Int, tokenColumns extra: Set<String>, clkColumns: Set<String>) {
            width = header.count
            self.recordToken = recordToken
            let tokens = header.enumerated().filter { ($0.element.hasSuffix("_token") && $0.element != "record_token") || extra.contains($0.element) }
            let parts = header.enumerated().filter { $0.element.hasSuffix("_parts") }
            let clks = header.enumerated().filter { clkColumns.contains($0.element) }
            (tokenIndex, tokenNames) = (tokens.map(\.offset), tokens.map(\.element))
            (partIndex, partNames) = (parts.map(\.offset), parts.map(\.element))
            (clkIndex, clkNames) = (clks.map(\.offset), clks.map(\.element))
        }
    }

    /// A structural problem in a chunk, at its own line `line` (1 = the chunk's first).
    struct ChunkError: Error { let line: Int, reason: String }

    /// A range held a quote: the file must be read by one reader, which knows where quoted fields end.
    struct QuotedField: Error {}

    /// One range of a file, parsed on its own thread: its records with tokens numbered locally, in order
    /// of first appearance (`strings[i]` is local number `i`; 0 is the empty string, as in the table).
    struct Chunk: Sendable {
        var records: [String] = []
        var strings: [String] = [""]
        /// `strings` the other way round: a string's local number.
        var index: [String: Int32] = ["": 0]
        var tokens: [[Int32]], frequencies: [[Int32: Int32]]
        var parts: [(ends: [Int32], values: [Int32])]
        var clks: [CLKColumn]
        /// Lines the range held (for the line numbers of the ranges after it).
        var lines = 0

        /// No records.
        init(layout: LinkageTable.ChunkLayout) {
            tokens = Array(repeating: [], count: layout.tokenIndex.count)
            frequencies = Array(repeating: [:], count: layout.tokenIndex.count)
            parts = Array(repeating: ([], []), count: layout.partIndex.count)
            clks = Array(repeating: CLKColumn(wordsPerRecord: 0, words: [], counts: []), count: layout.clkIndex.count)
        }

        /// Parses `range` of `file`, which must start at a line's start and end after a line end; throws
        /// `QuotedField` if it holds a quote.
        init(_ file: PositionalFile, _ range: Range<Int>, layout: LinkageTable.ChunkLayout) throws {
            self.init(layout: layout)
            var local: [String: Int32] = ["": 0]
            var strings = [""]
            func intern(_ s: String) -> Int32 {
                if let v = local[s] { return v }
                let v = Int32(strings.count)
                local[s] = v
                strings.append(s)
                return v
            }
            var offset = range.lowerBound
            let reader = CSVReader(chunkSize: 1 << 20) { buffer in
                let want = min(buffer.count, range.upperBound - offset)
                guard want > 0 else { return 0 }
                let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<want]), at: offset)
                if n > 0, memchr(buffer.baseAddress!, 0x22, n) != nil { throw QuotedField() }
                offset += n
                return n
            }
            while let rec = try reader.next() {
                guard rec.fields.count == layout.width else { throw ChunkError(line: rec.line, reason: "wrong number of fields") }
                records.append(rec.fields[layout.recordToken])
                for (k, i) in layout.tokenIndex.enumerated() {
                    let v = intern(rec.fields[i])
                    tokens[k].append(v)
                    if v != 0 { frequencies[k][v, default: 0] += 1 }
                }
                for (k, i) in layout.partIndex.enumerated() {
                    for p in rec.fields[i].split(separator: " ") { parts[k].values.append(intern(String(p))) }
                    parts[k].ends.append(Int32(parts[k].values.count))
                }
                for (k, i) in layout.clkIndex.enumerated() {
                    let text = rec.fields[i], name = layout.clkNames[k]
                    guard !text.isEmpty else {
                        clks[k].words += Array(repeating: 0, count: clks[k].wordsPerRecord)
                        clks[k].counts.append(0)
                        continue
                    }
                    guard let words = CLKBits.words(from: text) else { throw ChunkError(line: rec.line, reason: "column '\(name)' is not a well-formed CLK") }
                    if clks[k].wordsPerRecord == 0 {   // the first CLK of the range: the records before it had none
                        clks[k].wordsPerRecord = words.count
                        clks[k].words = Array(repeating: 0, count: clks[k].counts.count * words.count)
                    }
                    guard words.count == clks[k].wordsPerRecord else { throw ChunkError(line: rec.line, reason: "column '\(name)' has CLKs of different lengths") }
                    clks[k].words += words
                    clks[k].counts.append(Int32(words.reduce(0) { $0 + $1.nonzeroBitCount }))
                }
                lines = rec.line
            }
            self.strings = strings
            index = local
        }
    }
}
