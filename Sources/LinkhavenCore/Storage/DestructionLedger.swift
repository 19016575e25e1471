import Crypto
import Foundation

/// The listing behind one line of a destruction certificate: each destroyed thing as one line of
/// tab-separated fields (a backslash, tab or newline inside a field written `\\`, `\t`, `\n`), the lines sorted bytewise and joined with newlines, then hashed (SHA-256).
/// Anyone holding the same rows from before (a backup, an export) rebuilds the listing and checks
/// the hash; the certificate itself carries only the count and the hash, never the rows.
public struct DestructionLedger: Sendable {
    /// What the lines are, e.g. "linked records".
    public let kind: String
    private var lines: [String] = []

    /// An empty listing of `kind`.
    public init(kind: String) { self.kind = kind }

    /// Adds one destroyed thing, by its fields.
    public mutating func add(_ fields: [String]) {
        lines.append(fields.map(Self.escaped).joined(separator: "\t"))
    }

    static func escaped(_ field: String) -> String {
        guard field.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" }) else { return field }
        return field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// How many were added.
    public var count: Int { lines.count }

    /// The hex SHA-256 of the sorted listing (of the empty string when nothing was added).
    public var sha256: String {
        var hash = SHA256()
        for (n, line) in lines.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if n > 0 { hash.update(data: Data([0x0A])) }
            hash.update(data: Data(line.utf8))
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The certificate's line for this listing.
    public var entry: DestructionCertificate.Destroyed { .init(kind: kind, count: count, sha256: sha256) }
}
