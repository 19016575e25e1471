import Crypto
import Foundation

/// Evidence that a dataset was destroyed (protocol section 7: "securely destroyed … and evidenced"):
/// what was destroyed, with content hashes, when, why and under which clause, signed with the
/// platform's Ed25519 key so anyone can check it offline (`linkhaven certificate verify`).
public struct DestructionCertificate: Codable, Sendable, Equatable {
    /// The format tag: format 2 adds ``destroyed`` and ``kept``.
    public static let currentFormat = "linkhaven-destruction/2"
    /// Formats this version verifies: certificates issued before format 2 stay valid as they were signed.
    public static let readableFormats: Set<String> = ["linkhaven-destruction/1", currentFormat]
    /// ``currentFormat`` for certificates issued now.
    public var format: String
    /// The certificate's id.
    public var id: String
    /// The project, dataset and providing organisation (ids and names, never data).
    public var project: String, dataset: String, datasetName: String, provider: String
    /// Each destroyed version with its hashes.
    public var versions: [Version]
    /// What else was destroyed because it was derived from the data, in words (quality reports, linkage results…).
    public var derived: [String]
    /// Each kind of thing destroyed (format 2): uploads, versions, data keys, linkage rows, review pairs,
    /// clerical decisions, unreleased outputs — with how many and a hash of what they were.
    public var destroyed: [Destroyed]?
    /// Outputs made from the data that stay (format 2): aggregates already released through disclosure control.
    public var kept: [Kept]?
    /// When destruction finished (ISO 8601 UTC).
    public var destroyedAt: String
    /// Why: "retention expired" or "destroyed early at the provider's request".
    public var reason: String
    /// The agreement and clause that required it.
    public var agreement: String, clause: String
    /// The method: the data key erased (crypto-shredding) and the encrypted files deleted.
    public var method: String
    /// The platform's Ed25519 public key (base64url) and the signature (base64url) over the
    /// certificate's canonical JSON with an empty signature.
    public var publicKey: String, signature: String

    /// One destroyed dataset version.
    public struct Version: Codable, Sendable, Equatable {
        /// The version number and the SHA-256 of the pseudonymised file as the provider made it.
        public var version: Int, contentSHA256: String
        /// The SHA-256 of the encrypted file as stored, and the rows it held.
        public var storedSHA256: String, rows: Int
        /// A new version with its hashes.
        public init(version: Int, contentSHA256: String, storedSHA256: String, rows: Int) {
            self.version = version; self.contentSHA256 = contentSHA256; self.storedSHA256 = storedSHA256; self.rows = rows
        }
    }

    /// One kind of thing destroyed: how many, and the SHA-256 (hex) of a canonical listing of them
    /// (``DestructionLedger``), so that whoever holds a copy from before can check what went.
    public struct Destroyed: Codable, Sendable, Equatable {
        /// What they were, e.g. "linked records".
        public var kind: String
        public var count: Int
        public var sha256: String
        /// A destroyed kind with its count and hash.
        public init(kind: String, count: Int, sha256: String) { self.kind = kind; self.count = count; self.sha256 = sha256 }
    }

    /// An output made from the data that was kept, and why.
    public struct Kept: Codable, Sendable, Equatable {
        /// The output's id, its title and its status (released or published).
        public var output: String, title: String, status: String
        /// A kept output.
        public init(output: String, title: String, status: String) { self.output = output; self.title = title; self.status = status }
    }

    /// An unsigned certificate; ``signed(with:)`` completes it.
    public init(id: String, project: String, dataset: String, datasetName: String, provider: String, versions: [Version],
                derived: [String], destroyed: [Destroyed] = [], kept: [Kept] = [], destroyedAt: String, reason: String,
                agreement: String, clause: String) {
        format = Self.currentFormat
        self.id = id; self.project = project; self.dataset = dataset; self.datasetName = datasetName; self.provider = provider
        self.versions = versions; self.derived = derived; self.destroyed = destroyed; self.kept = kept
        self.destroyedAt = destroyedAt; self.reason = reason
        self.agreement = agreement; self.clause = clause
        method = "data keys erased (crypto-shredding); encrypted files deleted; record-level results derived from the data deleted"
        publicKey = ""; signature = ""
    }

    /// The bytes that are signed: sorted-key JSON with an empty signature.
    public var signedBytes: Data {
        var c = self
        c.signature = ""
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(c)) ?? Data()
    }

    /// This certificate signed with `key`.
    public func signed(with key: Curve25519.Signing.PrivateKey) throws -> DestructionCertificate {
        var c = self
        c.publicKey = Base64URL.encode(Array(key.publicKey.rawRepresentation))
        c.signature = Base64URL.encode(Array(try key.signature(for: c.signedBytes)))
        return c
    }

    /// Whether the signature is valid for the embedded key, and — when given — that key is
    /// `expectedPublicKey` (the platform's published key: a certificate signed by any other key proves nothing).
    public func verify(expectedPublicKey: String? = nil) -> Bool {
        guard Self.readableFormats.contains(format), let raw = Base64URL.decode(publicKey), let sig = Base64URL.decode(signature),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        if let expected = expectedPublicKey, !ConstantTime.equal(Array(expected.utf8), Array(publicKey.utf8)) { return false }
        return key.isValidSignature(sig, for: signedBytes)
    }
}
