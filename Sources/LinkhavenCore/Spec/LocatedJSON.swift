/// A JSON value that remembers the line it started on, so that errors in user-written
/// documents (linkage specs, configs) can name the line. Duplicate keys are refused.
public indirect enum LocatedJSON: Sendable {
    case object([(key: String, line: Int, value: LocatedJSON)], line: Int)
    case array([LocatedJSON], line: Int)
    case string(String, line: Int)
    case number(String, line: Int)
    case bool(Bool, line: Int)
    case null(line: Int)

    /// The line the value starts on.
    public var line: Int {
        switch self {
        case .object(_, let l), .array(_, let l), .string(_, let l), .number(_, let l), .bool(_, let l), .null(let l): l
        }
    }

    /// The value at a path of object keys and array indices, if present.
    public func value(at path: [PathComponent]) -> LocatedJSON? {
        var node = self
        for p in path {
            switch (node, p) {
            case (.object(let members, _), .key(let k)):
                guard let m = members.first(where: { $0.key == k }) else { return nil }
                node = m.value
            case (.array(let items, _), .index(let i)):
                guard items.indices.contains(i) else { return nil }
                node = items[i]
            default: return nil
            }
        }
        return node
    }

    /// One step in a path.
    public enum PathComponent: Sendable, Equatable, CustomStringConvertible {
        case key(String)
        case index(Int)
        public var description: String {
            switch self {
            case .key(let k): k
            case .index(let i): "[\(i)]"
            }
        }
    }

    /// Every object key present in `self` but absent at the same place in `other`, with its line
    /// and path (used to find keys a decoder ignored).
    public func keysMissing(from other: LocatedJSON?, path: [PathComponent] = []) -> [(path: [PathComponent], line: Int)] {
        switch self {
        case .object(let members, _):
            var out: [(path: [PathComponent], line: Int)] = []
            for m in members {
                let sub = other?.value(at: [.key(m.key)])
                if sub == nil, case .null = m.value { continue }
                if sub == nil {
                    out.append((path + [.key(m.key)], m.line))
                } else {
                    out += m.value.keysMissing(from: sub, path: path + [.key(m.key)])
                }
            }
            return out
        case .array(let items, _):
            return items.enumerated().flatMap { i, item in
                item.keysMissing(from: other?.value(at: [.index(i)]), path: path + [.index(i)])
            }
        default:
            return []
        }
    }
}

/// A syntax error in a JSON document, with its line.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    /// The 1-based line and what is wrong.
    public let line: Int, message: String
    public var description: String { "line \(line): \(message)" }
}

/// Parses JSON text into ``LocatedJSON``.
public struct LocatedJSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1

    /// Parses a whole document.
    public static func parse(_ bytes: [UInt8]) throws -> LocatedJSON {
        var p = LocatedJSONParser(bytes: bytes)
        if p.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i < p.bytes.count { throw JSONSyntaxError(line: p.line, message: "unexpected text after the document") }
        return v
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: line += 1; i += 1
            default: return
            }
        }
    }

    private func fail(_ message: String) -> JSONSyntaxError { JSONSyntaxError(line: line, message: message) }

    private mutating func value(depth: Int) throws -> LocatedJSON {
        guard depth < 64 else { throw fail("nested too deeply") }
        skipSpace()
        guard i < bytes.count else { throw fail("unexpected end of document") }
        let start = line
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [(key: String, line: Int, value: LocatedJSON)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members, line: start) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let keyLine = line
                let key = try string()
                if members.contains(where: { $0.key == key }) { throw JSONSyntaxError(line: keyLine, message: "duplicate key '\(key)'") }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after key '\(key)'") }
                i += 1
                members.append((key, keyLine, try value(depth: depth + 1)))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of document in an object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members, line: start) }
                throw fail("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [LocatedJSON] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items, line: start) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of document in an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items, line: start) }
                throw fail("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""):
            return .string(try string(), line: start)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true, line: start)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false, line: start)
        case UInt8(ascii: "n"): try literal("null"); return .null(line: start)
        default:
            let s = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            guard i > s, let text = String(validating: bytes[s..<i], as: UTF8.self), Double(text) != nil else {
                throw fail("unexpected character")
            }
            return .number(text, line: start)
        }
    }

    private mutating func literal(_ word: String) throws {
        let w = Array(word.utf8)
        guard bytes.count - i >= w.count, Array(bytes[i..<(i + w.count)]) == w else { throw fail("unexpected word") }
        i += w.count
    }

    private mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "\"") {
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("text is not valid UTF-8") }
                return s
            }
            if b == 0x0A { throw fail("line break inside a string") }
            if b == UInt8(ascii: "\\") {
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(v) else { throw fail("bad \\u escape") }
                    i += 4
                    out.append(contentsOf: String(scalar).utf8)
                default: out.append(e)
                }
                continue
            }
            out.append(b)
        }
        throw fail("a string is never closed")
    }
}
