import Crypto
import Foundation
import LinkhavenCore

/// `linkhaven-server restore --from DIR`: checks a backup against its signed manifest — the signature, the master key
/// it needs, every part's size and SHA-256 — before it writes anything, then puts it into the configured data
/// directory and database, both of which must be empty (the master key file and the key vault excepted: neither is in a
/// backup, and the live vault is what keeps a dataset destroyed since the backup destroyed).
/// The command then starts the platform on what it wrote and `PlatformRestore.verify`s it.
public enum PlatformRestore {
    public static func unpack(from directory: String, config: ServerConfiguration) throws -> BackupManifest {
        guard let data = FileManager.default.contents(atPath: directory + "/manifest.json") else {
            throw BackupError("\(directory) has no manifest.json: it is not a Linkhaven backup")
        }
        let manifest = try JSONDecoder().decode(SignedBackupManifest.self, from: data).verified()
        let keyPath = MasterKeyRotation.keyFile(config)
        guard FileManager.default.fileExists(atPath: keyPath) else {
            throw BackupError("no master key at LINKHAVEN_MASTER_KEY (\(keyPath)): put the key this backup needs (\(manifest.masterKey)) there; a restore never makes one")
        }
        let master = try MasterKey.loadOrCreate(path: keyPath)
        guard master.fingerprint == manifest.masterKey else {
            throw BackupError("the backup's keys are wrapped by master key \(manifest.masterKey), and LINKHAVEN_MASTER_KEY is \(master.fingerprint): "
                              + "if the key was rotated since, restore with the retired key kept with this backup")
        }
        let signingKey = try Curve25519.Signing.PrivateKey(rawRepresentation: master.unwrap(manifest.sealedSigningKey, context: .platformSigningKey)
            .withUnsafeBytes { Array($0) })
        guard Base64URL.encode(Array(signingKey.publicKey.rawRepresentation)) == manifest.publicKey else {
            throw BackupError("the sealed signing key is not the one that signed the manifest")
        }
        let kind = config.databaseURL == nil ? "sqlite" : "postgresql"
        guard manifest.database == kind else { throw BackupError("this backup is of a \(manifest.database) database; the configuration is for \(kind)") }
        guard manifest.parts.contains(where: { $0.path == manifest.databasePart }),
              manifest.parts.allSatisfy({ $0.path == manifest.databasePart || ($0.path.hasPrefix("store/") && !$0.path.dropFirst(6).contains("/") && !$0.path.contains("..")) }) else {
            throw BackupError("the manifest names parts a backup does not have")
        }
        for part in manifest.parts {   // everything as recorded before anything is written
            let found = try BackupFiles.measure(directory + "/" + part.path)
            guard found.bytes == part.bytes, found.sha256 == part.sha256 else { throw BackupError("\(part.path) is not as the manifest records it: the backup is damaged") }
        }

        let vault = config.keyVaultDirectory
        if manifest.format != "linkhaven-backup/1", !FileManager.default.fileExists(atPath: vault) {
            throw BackupError("no key vault at \(vault) (LINKHAVEN_KEY_VAULT): a backup never holds the data keys of the files it holds; "
                              + "put the platform's current key vault there first")
        }
        let inside = [keyPath, vault].filter { ($0 as NSString).deletingLastPathComponent == config.dataDirectory }.map { ($0 as NSString).lastPathComponent }
        let present = ((try? FileManager.default.contentsOfDirectory(atPath: config.dataDirectory)) ?? []).filter { !inside.contains($0) }
        guard present.isEmpty else { throw BackupError("the data directory \(config.dataDirectory) is not empty: a restore goes into an empty one") }
        if let url = config.databaseURL, try PostgresTools(url: url).tableCount() > 0 {
            throw BackupError("the database DATABASE_URL names is not empty: a restore goes into an empty one")
        }

        try FileManager.default.createDirectory(atPath: config.dataDirectory + "/store", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: config.dataDirectory)
        try SecretKey(bytes: Array(signingKey.rawRepresentation)).write(to: config.dataDirectory + "/platform-signing.key")
        if let url = config.databaseURL {
            let tools = PostgresTools(url: url)
            _ = try tools.run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                                             "--dbname=" + (try tools.database), directory + "/" + manifest.databasePart])
        } else {
            try check(BackupFiles.copy(directory + "/database.sqlite", to: config.dataDirectory + "/linkhaven.sqlite"), manifest, "database.sqlite")
        }
        for part in manifest.parts where part.path.hasPrefix("store/") {
            try check(BackupFiles.copy(directory + "/" + part.path, to: config.dataDirectory + "/" + part.path), manifest, part.path)
        }
        return manifest
    }

    private static func check(_ copied: BackupManifest.Part, _ manifest: BackupManifest, _ path: String) throws {
        guard let part = manifest.parts.first(where: { $0.path == path }), part.bytes == copied.bytes, part.sha256 == copied.sha256 else {
            throw BackupError("\(path) changed while it was restored")
        }
    }
}
