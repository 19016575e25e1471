import Crypto
import Foundation
import LinkhavenCore

extension Platform {
    /// The data key of a stored dataset version, unwrapped by the master key (bound to the version).
    func versionKey(_ v: DatasetVersion) throws -> SymmetricKey {
        try masterKey.unwrap(v.wrappedKey, context: .version(try v.requireID()))
    }

    /// A stored dataset version's file, decrypted as it is read (nothing decrypted is written out).
    func open(_ v: DatasetVersion) throws -> SealedFileReader {
        try store.open(v.storedName, key: try versionKey(v))
    }

    /// The project's re-keying of record tokens into project keys, with its platform key.
    func rekey(_ p: Project) throws -> ProjectRekey {
        ProjectRekey(key: try masterKey.unwrap(p.platformKey, context: .project(try p.requireID())))
    }
}
