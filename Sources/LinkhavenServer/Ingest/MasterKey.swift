import Crypto
import Foundation
import LinkhavenCore

/// What a wrapped key is for, and whose. Wrapping is bound to it (AES-GCM associated data), so a wrapped
/// key copied to another row does not open; each kind's label is written here only.
enum WrapContext: Sendable {
    case version(UUID), upload(UUID), project(UUID), totp(UUID), clientSecret(UUID), ssoVerifier(UUID)
    /// The platform's signing key, sealed into a backup.
    case platformSigningKey

    var label: String {
        switch self {
        case .version(let id): "version/\(id)"
        case .upload(let id): "upload/\(id)"
        case .project(let id): "project/\(id)"
        case .totp(let user): "totp/\(user)"
        case .clientSecret(let provider): "identity-provider/\(provider)"
        case .ssoVerifier(let attempt): "sso-attempt/\(attempt)"
        case .platformSigningKey: "platform-signing-key"
        }
    }
}

/// The master key that wraps every data key. It lives in a file with mode 0600 outside the
/// database (by default beside it in the data directory; `LINKHAVEN_MASTER_KEY` moves it), so a
/// copy of the database alone opens nothing.
struct MasterKey: Sendable {
    private let key: SymmetricKey
    /// The key's fingerprint, to say which master key wrapped what.
    let fingerprint: String

    static func loadOrCreate(path: String) throws -> MasterKey {
        if !FileManager.default.fileExists(atPath: path) { try SecretKey.generate().write(to: path) }
        let secret = try SecretKey.read(from: path)
        return MasterKey(key: KeyDerivation.derive(from: secret.key, info: "platform/master-key/v1"), fingerprint: secret.fingerprint)
    }

    /// A new random data key, and its wrapped form bound to `context`.
    func newDataKey(context: WrapContext) throws -> (SymmetricKey, String) {
        let k = SymmetricKey(size: .bits256)
        return (k, try wrap(k, context: context))
    }

    func wrap(_ k: SymmetricKey, context: WrapContext) throws -> String {
        let box = try AES.GCM.seal(k.withUnsafeBytes { Array($0) }, using: key, authenticating: Array(context.label.utf8))
        return Base64URL.encode(Array(box.combined!))
    }

    /// The data key, if `wrapped` was made by this master key for `context`.
    func unwrap(_ wrapped: String, context: WrapContext) throws -> SymmetricKey {
        guard let bytes = Base64URL.decode(wrapped), let box = try? AES.GCM.SealedBox(combined: bytes),
              let raw = try? AES.GCM.open(box, using: key, authenticating: Array(context.label.utf8)) else {
            throw StoreError.keyUnavailable
        }
        return SymmetricKey(data: raw)
    }
}

/// Storage failures; never contain data.
enum StoreError: Error, CustomStringConvertible {
    case keyUnavailable
    case missing(String)
    var description: String {
        switch self {
        case .keyUnavailable: "the data key is gone (destroyed) or was wrapped by another master key"
        case .missing(let n): "stored file '\(n)' is missing"
        }
    }
}
