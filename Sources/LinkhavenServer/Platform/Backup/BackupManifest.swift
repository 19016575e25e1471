import Crypto
import Foundation
import LinkhavenCore

/// What a backup holds: each part (the database, every encrypted file of the store) with its size and SHA-256, the
/// fingerprint of the master key its keys are wrapped by, and the platform's signing key sealed under that master key
/// (never the master key itself, nor the key vault holding the files' data keys: a restore reads the live vault, so a
/// dataset destroyed after the backup was taken stays destroyed). Written as `manifest.json`: the manifest's JSON text
/// and the platform's Ed25519 signature over exactly those bytes, so a restore checks it before it writes anything.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// `/2`: the versions' data keys are in the key vault, which no backup holds; `/1` (before the vault): in the database.
    public static let currentFormat = "linkhaven-backup/2"
    public static let readableFormats: Set<String> = ["linkhaven-backup/1", currentFormat]

    /// One file of the backup, by its path inside the backup directory.
    public struct Part: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public var format: String
    /// When the database's snapshot was taken (UTC, ISO 8601).
    public var takenAt: String
    /// `sqlite` (the database file, `VACUUM INTO`) or `postgresql` (`pg_dump`'s custom format).
    public var database: String
    /// Migrations applied in the snapshot.
    public var migrations: Int
    /// The master key every stored key in the backup is wrapped by (restore needs it, or the retired key it was).
    public var masterKey: String
    /// The platform's signing key, sealed (AES-GCM) by that master key.
    public var sealedSigningKey: String
    /// Its public half, for anyone to check the manifest's signature.
    public var publicKey: String
    public var parts: [Part]

    /// The database part's path.
    public var databasePart: String { Self.databasePart(of: database) }

    /// The database part's path for a database of this kind.
    static func databasePart(of database: String) -> String { database == "sqlite" ? "database.sqlite" : "database.pgdump" }
}

/// `manifest.json` on disk: the manifest's text as signed, and the signature.
struct SignedBackupManifest: Codable {
    var manifest: String
    var signature: String

    init(_ m: BackupManifest, key: Curve25519.Signing.PrivateKey) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        manifest = String(decoding: try encoder.encode(m), as: UTF8.self)
        signature = Base64URL.encode(Array(try key.signature(for: Array(manifest.utf8))))
    }

    /// The manifest, if `publicKey` (the one the manifest names, once its sealed private half is shown to match it)
    /// signed exactly this text.
    func verified() throws -> BackupManifest {
        let m = try JSONDecoder().decode(BackupManifest.self, from: Data(manifest.utf8))
        guard BackupManifest.readableFormats.contains(m.format) else {
            throw BackupError("the backup's format is \(m.format.prefix(40)); this build reads \(BackupManifest.readableFormats.sorted().joined(separator: " and "))")
        }
        guard let raw = Base64URL.decode(m.publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
              let signature = Base64URL.decode(signature), key.isValidSignature(signature, for: Array(manifest.utf8)) else {
            throw BackupError("the backup's manifest is not signed by the key it names: it was changed after the backup was taken")
        }
        return m
    }
}

/// A backup or restore that cannot go on, said in words (no data, no secrets).
public struct BackupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Copying and hashing files in chunks, never holding one whole.
enum BackupFiles {
    /// Copies `source` to `destination` (created 0600, must not exist), returning its size and SHA-256.
    static func copy(_ source: String, to destination: String) throws -> BackupManifest.Part {
        guard FileManager.default.createFile(atPath: destination, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: destination) else { throw BackupError("cannot write \((destination as NSString).lastPathComponent)") }
        defer { try? output.close() }
        let found = try measure(source) { try output.write(contentsOf: $0) }
        try output.synchronize()
        return BackupManifest.Part(path: (destination as NSString).lastPathComponent, bytes: found.bytes, sha256: found.sha256)
    }

    /// The size and SHA-256 of the file at `path`, read in chunks, each also handed to `each`.
    static func measure(_ path: String, each: (Data) throws -> Void = { _ in }) throws -> (bytes: Int, sha256: String) {
        guard let input = FileHandle(forReadingAtPath: path) else { throw BackupError("cannot read \((path as NSString).lastPathComponent)") }
        defer { try? input.close() }
        var hash = SHA256(), bytes = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            hash.update(data: chunk); bytes += chunk.count
            try each(chunk)
        }
        return (bytes, Hex.encode(hash.finalize()))
    }

    /// A PostgreSQL client program (`pg_dump`, `pg_restore`, `psql`): on the PATH, else the newest Debian installs.
    static func postgresTool(_ name: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        let debian = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        guard let found = (path + debian).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BackupError("\(name) is not installed (Debian: apt-get install postgresql-client)")
        }
        return found
    }
}
