import Crypto
import Foundation
import LinkhavenCore

extension Platform {
    /// The data key of a stored dataset version, from the key vault (or, until the vault adopts it, the database),
    /// unwrapped by the master key (bound to the version).
    func versionKey(_ v: DatasetVersion) throws -> SymmetricKey {
        let id = try v.requireID()
        guard v.wrappedKey == KeyVault.marker else { return try masterKey.unwrap(v.wrappedKey, context: .version(id)) }
        switch try keyVault.entry(id) {
        case .key(let wrapped):
            return try masterKey.unwrap(wrapped, context: .version(id))
        case .destroyed(let t):
            throw KeyVaultError("dataset version \(id) was destroyed on \(AuditLog.formatter.format(t.erasedAt)); its key was erased")
        case .missing:
            throw KeyVaultError("the key of dataset version \(id) is not in the key vault at \(keyVault.directory): "
                                + "is LINKHAVEN_KEY_VAULT the platform's current vault?")
        }
    }

    /// A stored dataset version's file, decrypted as it is read (nothing decrypted is written out).
    func open(_ v: DatasetVersion) throws -> SealedFileReader {
        try store.open(v.storedName, key: try versionKey(v))
    }

    /// The SHA-256 (hex) and size of a stored version's file as its provider made it, read back through its
    /// data key: what the manifest's `fileSHA256` and the version's `bytes` say it must be.
    func storedContent(_ v: DatasetVersion) throws -> (sha256: String, bytes: Int) {
        let reader = try open(v)
        var hash = SHA256(), size = 0
        while let chunk = try reader.next() { hash.update(data: chunk); size += chunk.count }
        return (Hex.encode(hash.finalize()), size)
    }

    /// The project's re-keying of record tokens into project keys, with its platform key.
    func rekey(_ p: Project) throws -> ProjectRekey {
        ProjectRekey(key: try masterKey.unwrap(p.platformKey, context: .project(try p.requireID())))
    }
}
