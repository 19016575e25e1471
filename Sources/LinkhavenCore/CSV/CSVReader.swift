#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One parsed CSV record: its fields and the physical line on which it starts (1-based).
public struct CSVRecord: Sendable {
    /// The fields, decoded as text.
    public var fields: [String]
    /// The 1-based line number in the file where this record starts.
    public var line: Int
    /// The index of the first field that was not valid in the reader's text encoding, if any.
    public var badEncodingField: Int?
}

/// Errors in the structure of a CSV file. They name a line, never a value.
public enum CSVError: Error, Equatable, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case unterminatedQuote(line: Int)
    case readFailed(reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open '\(path)': \(reason)"
        case .unterminatedQuote(let line): "line \(line): a quoted field is never closed"
        case .readFailed(let reason): "read failed: \(reason)"
        }
    }
}

/// How the bytes of a CSV file are turned into text.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    /// UTF-8 (a leading byte-order mark is skipped). Invalid bytes are reported per field.
    case utf8
    /// Windows-1252, as many older council systems export.
    case windows1252 = "windows-1252"
}

/// A streaming RFC 4180 CSV reader that parses bytes in fixed-size chunks, so memory stays
/// constant however large the file is. Handles quoted fields, doubled quotes, embedded
/// newlines, CRLF/LF/CR line ends and a UTF-8 byte-order mark.
public final class CSVReader {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let source: ((UnsafeMutableRawBufferPointer) throws -> Int)?
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var eof = false
    private var line = 1
    private var atFileStart = true
    private var field: [UInt8] = []
    /// The widest record so far (to size the next one's fields at once).
    private var lastWidth = 0
    private let encoding: TextEncoding
    /// Bytes consumed from the file so far (for progress reporting).
    public private(set) var bytesRead: Int = 0

    /// Opens `path` for streaming reads; `"-"` means standard input.
    public init(path: String, encoding: TextEncoding = .utf8, chunkSize: Int = 1 << 20) throws {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            let d = open(path, O_RDONLY)
            guard d >= 0 else { throw CSVError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
            fd = d
            ownsDescriptor = true
        }
        self.encoding = encoding
        source = nil
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
        field.reserveCapacity(256)
    }

    /// Reads from `source`, which fills the buffer it is given and returns the byte count (0 at the
    /// end): for streams that are not files, such as decrypted or decompressed uploads.
    public init(encoding: TextEncoding = .utf8, chunkSize: Int = 1 << 20, source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        fd = -1
        ownsDescriptor = false
        self.source = source
        self.encoding = encoding
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
        field.reserveCapacity(256)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    private func refill() throws {
        if eof { return }
        start = 0
        let n: Int
        if let source { n = try buffer.withUnsafeMutableBytes { try source($0) } } else { n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
        if n < 0 { throw CSVError.readFailed(reason: String(cString: strerror(errno))) }
        if n == 0 { eof = true }
        end = max(n, 0)
        bytesRead += max(n, 0)
        if atFileStart, end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            start = 3
        }
        atFileStart = false
    }

    @inline(__always)
    private func nextByte() throws -> UInt8? {
        if start == end {
            try refill()
            if start == end { return nil }
        }
        let b = buffer[start]
        start += 1
        return b
    }

    @inline(__always)
    private func peekByte() throws -> UInt8? {
        if start == end {
            try refill()
            if start == end { return nil }
        }
        return buffer[start]
    }

    /// Appends the run of ordinary bytes at the read position to the field in one copy: up to the next
    /// comma, quote or line end (`quoted`: up to the next quote or line feed). Returns its length.
    @inline(__always)
    private func appendRun(quoted: Bool) -> Int {
        let s = start, e = end
        guard s < e else { return 0 }
        let n = buffer.withUnsafeBufferPointer { p -> Int in
            var i = s
            if quoted {
                while i < e, p[i] != 0x22, p[i] != 0x0A { i += 1 }
            } else {
                while i < e {
                    let c = p[i]
                    if c == 0x2C || c == 0x22 || c == 0x0D || c == 0x0A { break }
                    i += 1
                }
            }
            if i > s { field.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<i])) }
            return i - s
        }
        start += n
        return n
    }

    private func finishField(into fields: inout [String], badField: inout Int?) {
        switch encoding {
        case .utf8:
            if let s = String(validating: field, as: UTF8.self) {
                fields.append(s)
            } else {
                if badField == nil { badField = fields.count }
                fields.append(String(decoding: field, as: UTF8.self))
            }
        case .windows1252:
            fields.append(Windows1252.decode(field))
        }
        field.removeAll(keepingCapacity: true)
    }

    /// Returns the next record, or `nil` at the end of the file. Blank lines are skipped.
    public func next() throws -> CSVRecord? {
        var fields: [String] = []
        fields.reserveCapacity(lastWidth)
        defer { lastWidth = max(lastWidth, fields.count) }
        var badField: Int? = nil
        var startLine = line
        var inQuotes = false
        var sawAnything = false
        while true {
            if appendRun(quoted: inQuotes) > 0 { sawAnything = true }
            guard let b = try nextByte() else {
                if inQuotes { throw CSVError.unterminatedQuote(line: startLine) }
                if !sawAnything { return nil }
                finishField(into: &fields, badField: &badField)
                return CSVRecord(fields: fields, line: startLine, badEncodingField: badField)
            }
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if try peekByte() == UInt8(ascii: "\"") {
                        _ = try nextByte()
                        field.append(b)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                sawAnything = true
                finishField(into: &fields, badField: &badField)
            case UInt8(ascii: "\""):
                sawAnything = true
                if field.isEmpty { inQuotes = true } else { field.append(b) }
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if b == UInt8(ascii: "\r"), try peekByte() == UInt8(ascii: "\n") { _ = try nextByte() }
                line += 1
                if !sawAnything && field.isEmpty {
                    startLine = line
                    continue
                }
                finishField(into: &fields, badField: &badField)
                return CSVRecord(fields: fields, line: startLine, badEncodingField: badField)
            default:
                sawAnything = true
                field.append(b)
            }
        }
    }
}
