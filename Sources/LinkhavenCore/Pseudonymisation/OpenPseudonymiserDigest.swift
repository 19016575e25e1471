import Crypto

/// The digest OpenPseudonymiser (University of Nottingham) makes, so that partners already
/// using it can join: the selected fields' values ordered by column name (compared with the
/// letter case swapped, as OpenPseudonymiser does to match .NET ordering), concatenated, with
/// spaces, tabs and line breaks removed, the salt (trimmed) appended, then SHA-256 as upper-case hex.
public struct OpenPseudonymiserDigest: Sendable {
    private let salt: String

    /// A digest maker with a plain-text salt; an empty salt is refused, as OpenPseudonymiser does.
    public init?(salt: String) {
        let trimmed = salt.trimmingWhitespace
        guard !trimmed.isEmpty else { return nil }
        self.salt = trimmed
    }

    /// The order OpenPseudonymiser puts columns in.
    public static func ordered(_ columns: [String]) -> [String] {
        columns.sorted { swapCase($0).unicodeScalars.lexicographicallyPrecedes(swapCase($1).unicodeScalars) }
    }

    static func swapCase(_ s: String) -> String {
        String(s.map { c -> String in c.isUppercase ? c.lowercased() : (c.isLowercase ? c.uppercased() : String(c)) }.joined())
    }

    /// The digest of `values` keyed by column name.
    public func digest(_ values: [(column: String, value: String)]) -> String {
        let order = Self.ordered(values.map(\.column))
        let byName = Dictionary(values.map { ($0.column, $0.value) }, uniquingKeysWith: { a, _ in a })
        var text = order.map { byName[$0]! }.joined()
        text.removeAll { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        text += salt
        return Hex.encode(SHA256.hash(data: Array(text.utf8))).uppercased()
    }
}
