/// The flags of a benchmark command, read one at a time; a bad one throws a message naming it,
/// followed by the command's usage.
struct BenchArguments {
    private var rest: ArraySlice<String>
    let usage: String

    init(_ arguments: [String], usage: String) { rest = arguments[...]; self.usage = usage }

    /// The next flag, if any.
    mutating func flag() -> String? { rest.popFirst() }

    /// The whole number after `flag`, within `range`.
    mutating func number(_ flag: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let text = rest.popFirst(), let n = Int(text), range.contains(n) else {
            throw APIClientError("\(flag) needs a whole number from \(range.lowerBound) to \(range.upperBound)\n\n\(usage)")
        }
        return n
    }

    /// The PostgreSQL URL after `--database-url`.
    mutating func databaseURL() throws -> String {
        guard let url = rest.popFirst(), url.hasPrefix("postgres") else { throw APIClientError("--database-url needs a postgres:// URL\n\n\(usage)") }
        return url
    }

    /// What to throw for a flag the command does not know (or `-h`, `--help`: the usage alone).
    func unknown(_ flag: String) -> APIClientError {
        ["-h", "--help"].contains(flag) ? APIClientError(usage) : APIClientError("unknown option '\(flag)'\n\n\(usage)")
    }
}
