import Foundation

/// Reads linkage specs strictly: syntax errors, unknown keys (with a suggestion), wrong types,
/// missing keys and inconsistent settings are all errors that name the spec line.
public enum SpecLoader {
    static let knownKeys: [String] = [
        "format", "project", "version", "description", "dates", "datasets", "pivot", "minYear", "maxYear", "allowExcelSerials",
        "name", "recordId", "columns", "clks", "blockingKeys", "digests", "column", "role", "field", "normaliser", "token",
        "nameParts", "required", "generalise", "output", "to", "referenceDate", "bands", "lookup", "file", "key", "value",
        "bits", "hashing", "hardening", "fields", "balance", "xorFold", "saltField", "saltPart", "part", "q", "k",
        "positional", "parts", "transform", "saltFile", "alsoColumns", "type", "values",
    ]

    /// Loads and validates the spec at `path`.
    public static func load(path: String) throws -> LinkageSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpecError(file: path, line: nil, message: "cannot read the file")
        }
        return try load(data: data, file: path)
    }

    /// Loads and validates a spec from bytes; `file` labels errors.
    public static func load(data: Data, file: String) throws -> LinkageSpec {
        let (spec, tree) = try strictDecode(LinkageSpec.self, data: data, file: file, knownKeys: knownKeys)
        try SpecValidator(spec: spec, tree: tree, file: file).validate()
        return spec
    }

    /// Decodes a user-written JSON document strictly: syntax errors, wrong types and missing keys
    /// name their line, and so does any key the type does not have (with the closest of
    /// `knownKeys` as a suggestion). Returns the value and its located tree.
    public static func strictDecode<T: Codable>(_ type: T.Type, data: Data, file: String, knownKeys: [String],
                                                decoder: JSONDecoder = JSONDecoder(), encoder: JSONEncoder = JSONEncoder()) throws -> (T, LocatedJSON) {
        let tree: LocatedJSON
        do { tree = try LocatedJSONParser.parse(Array(data)) } catch let e as JSONSyntaxError {
            throw SpecError(file: file, line: e.line, message: "not valid JSON: \(e.message)")
        }
        let value: T
        do { value = try decoder.decode(T.self, from: data) } catch let e as DecodingError {
            throw describe(e, tree: tree, file: file)
        }
        if let re = try? encoder.encode(value), let reTree = try? LocatedJSONParser.parse(Array(re)),
           let unknown = tree.keysMissing(from: reTree).first, case .key(let key) = unknown.path.last! {
            var message = knownKeys.contains(key) ? "key '\(key)' does not belong at \(render(unknown.path))"
                                                  : "unknown key '\(key)' at \(render(unknown.path))"
            if let guess = suggestion(for: key, among: knownKeys.filter { $0 != key }) { message += " (did you mean '\(guess)'?)" }
            throw SpecError(file: file, line: unknown.line, message: message)
        }
        return (value, tree)
    }

    static func render(_ path: [LocatedJSON.PathComponent]) -> String {
        var s = ""
        for p in path {
            switch p {
            case .key(let k): s += s.isEmpty ? k : ".\(k)"
            case .index(let i): s += "[\(i)]"
            }
        }
        return s.isEmpty ? "the top level" : s
    }

    static func components(_ path: [CodingKey]) -> [LocatedJSON.PathComponent] {
        path.map { k in k.intValue.map { .index($0) } ?? .key(k.stringValue) }
    }

    static func describe(_ error: DecodingError, tree: LocatedJSON, file: String) -> SpecError {
        func line(_ p: [LocatedJSON.PathComponent]) -> Int? {
            var p = p
            while !p.isEmpty {
                if let v = tree.value(at: p) { return v.line }
                p.removeLast()
            }
            return tree.line
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let p = components(ctx.codingPath)
            return SpecError(file: file, line: line(p), message: "missing required key '\(key.stringValue)' in \(render(p))")
        case .typeMismatch(let type, let ctx):
            let p = components(ctx.codingPath)
            return SpecError(file: file, line: line(p), message: "\(render(p)) should be \(typeName(type))")
        case .valueNotFound(let type, let ctx):
            let p = components(ctx.codingPath)
            return SpecError(file: file, line: line(p), message: "\(render(p)) should be \(typeName(type)), not null")
        case .dataCorrupted(let ctx):
            let p = components(ctx.codingPath)
            var message = "\(render(p)) has a value that is not allowed"
            if case .key(let last) = p.last {
                if last == "normaliser" { message += "; use one of: \(Normaliser.allCases.map(\.rawValue).joined(separator: ", "))" }
                if last == "role" { message += "; use one of: \(ColumnRole.allCases.map(\.rawValue).joined(separator: ", "))" }
            }
            return SpecError(file: file, line: line(p), message: message)
        @unknown default:
            return SpecError(file: file, line: nil, message: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        let s = String(describing: type)
        if s.hasPrefix("Array") { return "a list" }
        if s == "String" { return "text" }
        if s == "Int" || s == "Double" { return "a number" }
        if s == "Bool" { return "true or false" }
        return "an object"
    }

    static func suggestion(for key: String, among knownKeys: [String]) -> String? {
        let scored = knownKeys.map { ($0, editDistance($0.lowercased(), key.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, key.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var prev = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return a.isEmpty ? b.count : prev[b.count]
    }
}
