import Crypto
import Fluent
import Foundation
import LinkhavenCore
import SQLKit
import Vapor

/// `linkhaven-server backup --to DIR`, while the service runs: first a consistent snapshot of the database (SQLite's
/// `VACUUM INTO`, or `pg_dump`), then every encrypted file of the store (committed files never change, so each is
/// copied whole; one destroyed meanwhile is simply gone), then the manifest with each part's size and SHA-256, signed.
/// The master key is never in it: every key in the backup is wrapped by it, and the platform's signing key is sealed
/// by it; nor is the key vault, holding the stored files' data keys (so that a restore cannot bring back a destroyed
/// one). The event `platform.backup` goes to the platform's audit chain.
public enum PlatformBackup {
    /// What a backup took.
    public struct Report: Sendable {
        public var manifest: BackupManifest
        public var files: Int { manifest.parts.count - 1 }
        public var bytes: Int { manifest.parts.reduce(0) { $0 + $1.bytes } }
        public var seconds: Double
        /// The key vault, which the backup does not hold: where it is, its data keys and its tombstones (destroyed versions).
        public var keyVault = "", vaultKeys = 0, vaultTombstones = 0
    }

    public static func take(_ app: Application, to directory: String) async throws -> Report {
        let started = ContinuousClock.now, platform = app.platform, config = platform.config
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard existing.isEmpty else { throw BackupError("\(directory) is not empty: a backup goes into a new directory") }
        try FileManager.default.createDirectory(atPath: directory + "/store", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        let takenAt = AuditLog.formatter.format(config.now())
        let migrations = try await MigrationLog.query(on: app.db).count()
        var parts: [BackupManifest.Part] = []

        // 1. The database, consistent as of now.
        let kind = config.databaseURL == nil ? "sqlite" : "postgresql"
        let databasePart = BackupManifest.databasePart(of: kind), target = directory + "/" + databasePart
        if let url = config.databaseURL {
            _ = try PostgresTools(url: url).run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file=" + target])
        } else {
            guard let sql = app.db as? any SQLDatabase else { throw BackupError("the database cannot be read") }
            try await sql.raw("VACUUM INTO \(unsafeRaw: "'" + target.replacingOccurrences(of: "'", with: "''") + "'")").run()
        }
        chmod(target, 0o600)
        let snapshot = try BackupFiles.measure(target)
        parts.append(.init(path: databasePart, bytes: snapshot.bytes, sha256: snapshot.sha256))

        // 2. The store's files, after the snapshot: every version it names is here unless destroyed since.
        let storeDirectory = config.dataDirectory + "/store"
        for name in try platform.store.names().sorted() {
            guard FileManager.default.fileExists(atPath: storeDirectory + "/" + name) else { continue }
            do {
                var part = try BackupFiles.copy(storeDirectory + "/" + name, to: directory + "/store/" + name)
                part.path = "store/" + name
                parts.append(part)
            } catch where !FileManager.default.fileExists(atPath: storeDirectory + "/" + name) {
                try? FileManager.default.removeItem(atPath: directory + "/store/" + name)   // destroyed while copied
            }
        }

        // 3. The manifest, signed; the signing key sealed by the master key.
        let sealed = try platform.masterKey.wrap(SymmetricKey(data: platform.signingKey.rawRepresentation), context: .platformSigningKey)
        let manifest = BackupManifest(format: BackupManifest.currentFormat, takenAt: takenAt, database: kind, migrations: migrations,
                                      masterKey: platform.masterKey.fingerprint, sealedSigningKey: sealed, publicKey: platform.publicKey, parts: parts)
        let signed = try SignedBackupManifest(manifest, key: platform.signingKey)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard FileManager.default.createFile(atPath: directory + "/manifest.json", contents: try encoder.encode(signed), attributes: [.posixPermissions: 0o600]) else {
            throw BackupError("cannot write the manifest")
        }
        try await platform.audit.record(on: app.db, at: config.now(), actor: "admin-command", organisation: nil, action: "platform.backup",
                                        object: "backup/\(takenAt)", outcome: "success: \(parts.count - 1) files")
        let vault = try platform.keyVault.listing()
        return Report(manifest: manifest, seconds: (ContinuousClock.now - started).seconds, keyVault: platform.keyVault.directory,
                      vaultKeys: vault.keys.count, vaultTombstones: vault.destroyed.count)
    }
}
