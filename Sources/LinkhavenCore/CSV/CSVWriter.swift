/// Encodes rows as RFC 4180 CSV (quoting only where needed) onto an ``AtomicFileWriter``.
public final class CSVWriter {
    /// The underlying file.
    public let file: AtomicFileWriter
    private var line: [UInt8] = []

    /// Wraps `file`.
    public init(file: AtomicFileWriter) {
        self.file = file
        line.reserveCapacity(4096)
    }

    /// Appends one CSV-encoded row to `out` (no file I/O): used to encode rows in parallel.
    public static func encode(_ fields: [String], into out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            var needsQuotes = false
            for b in f.utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 10 || b == 13 {
                needsQuotes = true
                break
            }
            if needsQuotes {
                out.append(UInt8(ascii: "\""))
                for b in f.utf8 {
                    if b == UInt8(ascii: "\"") { out.append(b) }
                    out.append(b)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: f.utf8)
            }
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// Writes one row.
    public func write(_ fields: [String]) throws {
        line.removeAll(keepingCapacity: true)
        Self.encode(fields, into: &line)
        try file.write(line)
    }
}
