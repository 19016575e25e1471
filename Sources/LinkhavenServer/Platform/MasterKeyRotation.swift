import Fluent
import FluentPostgresDriver
import Foundation
import LinkhavenCore
import Vapor

/// Rotates the master key: every wrapped key the database and the key vault hold (each stored version's data key, each
/// staging upload's key, each project's platform key, each user's TOTP secret, each identity provider's client
/// secret and each sign-in's PKCE verifier) is unwrapped with the current master key and
/// wrapped again, for the same context, under a new one, in one transaction; then the new key file
/// replaces the old one, which is kept beside it as `<key>.retired-<fingerprint>` until the operator
/// destroys it (backups taken before the rotation need it).
///
/// The new key is made first at `<key>.new` (mode 0600), so a rotation interrupted at any point is
/// finished by running it again: rows already wrapped by the new key are counted and left alone, and
/// `serve` and `worker` refuse to start while `<key>.new` exists. Run it with the API and every worker
/// stopped; on PostgreSQL the key-holding tables are locked for the transaction all the same.
public enum MasterKeyRotation {
    /// What a rotation did.
    public struct Report: Sendable, CustomStringConvertible {
        public var oldFingerprint = ""
        public var newFingerprint = ""
        /// Keys re-wrapped now, and keys found already wrapped by the new key (an earlier, interrupted run).
        public var rewrapped = 0
        public var alreadyRotated = 0
        /// Where the old key file now is.
        public var retiredKeyPath = ""
        public var description: String {
            "master key rotated: \(oldFingerprint) -> \(newFingerprint); \(rewrapped) keys re-wrapped"
                + (alreadyRotated > 0 ? ", \(alreadyRotated) already re-wrapped by an interrupted run" : "")
                + ".\nThe old key is at \(retiredKeyPath): keep it only as long as backups taken before now, then destroy it (shred -u)."
        }
    }

    /// Why a rotation stopped; nothing was changed in the database.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The current master key's path for `config`.
    public static func keyFile(_ config: ServerConfiguration) -> String {
        config.masterKeyPath ?? config.dataDirectory + "/master.key"
    }

    /// Where a rotation in progress keeps the new key.
    public static func pendingFile(_ config: ServerConfiguration) -> String { keyFile(config) + ".new" }

    /// A message if a rotation was interrupted (the server must not start on the old key), else nil.
    public static func interrupted(_ config: ServerConfiguration) -> String? {
        FileManager.default.fileExists(atPath: pendingFile(config))
            ? "a master-key rotation was interrupted (\(pendingFile(config)) exists); run `linkhaven-server rotate-master-key` again to finish it"
            : nil
    }

    /// Throws unless the loaded master key opens the keys this database holds (one stored version's, one
    /// project's and one user's TOTP secret): a server given the wrong `LINKHAVEN_MASTER_KEY` refuses to start rather than wrap new data
    /// under a key nothing else opens. Skipped while a rotation is unfinished (only the rotation may then run).
    static func checkOpens(_ app: Application) async throws {
        guard interrupted(app.platform.config) == nil else { return }
        let key = app.platform.masterKey, vault = app.platform.keyVault
        // A version whose key is at hand: still in the database (before the vault adopts it), or in the vault; one whose
        // key was erased (destroyed after the database's state was taken) is passed over.
        var version: DatasetVersion?, notInVault = 0
        for v in try await DatasetVersion.query(on: app.db).filter(\.$wrappedKey != "").field(\.$id).field(\.$wrappedKey).sort(\.$acceptedAt).all() {
            guard v.wrappedKey == KeyVault.marker else { version = v; break }
            switch try vault.entry(try v.requireID()) {
            case .key: version = v
            case .missing: notInVault += 1
            case .destroyed: continue
            }
            if version != nil { break }
        }
        if version == nil, notInVault > 0 {
            throw Failure(description: "the key vault at \(vault.directory) holds none of the keys of this database's \(notInVault) dataset versions; "
                          + "set LINKHAVEN_KEY_VAULT to the platform's key vault (a backup never holds it)")
        }
        let project = try await Project.query(on: app.db).filter(\.$platformKey != "").first()
        let user = try await User.query(on: app.db).filter(\.$totpWrapped != "").first()
        do {
            if let v = version { _ = try app.platform.versionKey(v) }
            if let p = project { _ = try app.platform.rekey(p) }
            if let u = user, Accounts.totpSecret(of: u, key: key) == nil { throw StoreError.keyUnavailable }
        } catch {
            throw Failure(description: "the master key at \(keyFile(app.platform.config)) (\(key.fingerprint)) does not open this database's keys; "
                          + "set LINKHAVEN_MASTER_KEY to the key file this platform was made with")
        }
    }

    /// Rotates the master key of the (stopped) platform `app` was configured for.
    public static func run(app: Application) async throws -> Report {
        let config = app.platform.config
        let path = keyFile(config)
        let old = app.platform.masterKey
        let new = try MasterKey.loadOrCreate(path: pendingFile(config))
        var report = try await rewrap(on: app.db, vault: app.platform.keyVault, old: old, new: new)
        report.retiredKeyPath = try swapFiles(path: path, pending: pendingFile(config), oldFingerprint: old.fingerprint)
        try await app.platform.audit.record(on: app.db, at: config.now(), actor: "admin-command", organisation: nil,
                                            action: "platform.master-key.rotate", object: "master-key/\(new.fingerprint)")
        return report
    }

    /// Re-wraps every key: the database's in one transaction (all or nothing), then the key vault's, each file whole.
    /// Every vault key is checked first, so that a key that opens with neither master key stops the rotation before
    /// anything changes; a rotation interrupted among the vault's files is finished by running it again.
    static func rewrap(on db: any Database, vault: KeyVault, old: MasterKey, new: MasterKey) async throws -> Report {
        // Each vault key as the old master key opens it (nil: the new one already does, from an interrupted run).
        let vaultKeys = try vault.listing().keys.compactMap { id -> (UUID, SymmetricKey?)? in
            guard case .key(let wrapped) = try vault.entry(id) else { return nil }
            if let key = try? old.unwrap(wrapped, context: .version(id)) { return (id, key) }
            guard (try? new.unwrap(wrapped, context: .version(id))) != nil else {
                throw Failure(description: "the key of \(WrapContext.version(id).label) in the key vault opens with neither the current nor the new master key; "
                              + "nothing was changed. Is LINKHAVEN_MASTER_KEY the key this platform was made with?")
            }
            return (id, nil)
        }
        var report = try await db.transaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("LOCK TABLE dataset_versions, uploads, projects, users, identity_providers, sso_attempts IN EXCLUSIVE MODE").run()
            }
            var report = Report(oldFingerprint: old.fingerprint, newFingerprint: new.fingerprint)
            try await rewrap(DatasetVersion.self, \.wrappedKey, context: WrapContext.version, on: tx, old: old, new: new, report: &report)
            try await rewrap(Upload.self, \.wrappedKey, context: WrapContext.upload, on: tx, old: old, new: new, report: &report)
            try await rewrap(Project.self, \.platformKey, context: WrapContext.project, on: tx, old: old, new: new, report: &report)
            try await rewrap(User.self, \.totpWrapped, context: WrapContext.totp, on: tx, old: old, new: new, report: &report)
            try await rewrap(IdentityProvider.self, \.wrappedClientSecret, context: WrapContext.clientSecret, on: tx, old: old, new: new, report: &report)
            try await rewrap(SSOAttempt.self, \.wrappedVerifier, context: WrapContext.ssoVerifier, on: tx, old: old, new: new, report: &report)
            return report
        }
        for (id, key) in vaultKeys {
            if let key {
                try vault.put(id, wrapped: try new.wrap(key, context: .version(id)))
                report.rewrapped += 1
            } else {
                report.alreadyRotated += 1
            }
        }
        return report
    }

    private static func rewrap<M: Model>(_ type: M.Type, _ field: ReferenceWritableKeyPath<M, String>, context of: (UUID) -> WrapContext,
                                         on db: any Database, old: MasterKey, new: MasterKey, report: inout Report) async throws
    where M.IDValue == UUID {
        for row in try await M.query(on: db).all() where !row[keyPath: field].isEmpty && row[keyPath: field] != KeyVault.marker {
            let context = of(try row.requireID())
            if let key = try? old.unwrap(row[keyPath: field], context: context) {
                row[keyPath: field] = try new.wrap(key, context: context)
                try await row.save(on: db)
                report.rewrapped += 1
            } else if (try? new.unwrap(row[keyPath: field], context: context)) != nil {
                report.alreadyRotated += 1
            } else {
                throw Failure(description: "the key of \(context.label) opens with neither the current nor the new master key; nothing was changed. "
                              + "Is LINKHAVEN_MASTER_KEY the key this database was made with?")
            }
        }
    }

    /// Keeps the old key as `<path>.retired-<fingerprint>`, then moves the new key into place (one rename).
    private static func swapFiles(path: String, pending: String, oldFingerprint: String) throws -> String {
        let retired = path + ".retired-" + oldFingerprint.replacingOccurrences(of: "lh1:", with: "")
        if FileManager.default.fileExists(atPath: retired) {
            guard try SecretKey.read(from: retired).fingerprint == oldFingerprint else {
                throw Failure(description: "\(retired) exists and holds another key; move it away and run again")
            }
        } else {
            try SecretKey.read(from: path).write(to: retired)
        }
        guard rename(pending, path) == 0 else {
            throw Failure(description: "could not move \(pending) to \(path): \(String(cString: strerror(errno))); move it by hand before starting the server")
        }
        return retired
    }
}
