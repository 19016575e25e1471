import Crypto
import Foundation
import LinkhavenCore

/// A browser or client an account's owner has signed in from. It holds a token given with the session (an HMAC
/// of the user's id under a key derived from the platform's signing key; the web sets it as an HTTP-only cookie)
/// and sends it back when signing in (`Linkhaven-Device`). While the account is locked — five wrong passwords
/// from anyone — a genuine device may still try, its tries counted apart (in this process's memory, `LockoutCounter`, by a hash
/// of the token) and locked after as many: so an attacker who locks an account locks themselves out, not its
/// owner. The token opens nothing by itself; the password and the code are checked as always.
final class TrustedDevice: Sendable {
    static let header = "Linkhaven-Device"
    static let cookie = "lh_device"
    private let key: SymmetricKey
    private let tries = LockoutCounter()

    init(signingKey: Curve25519.Signing.PrivateKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: signingKey.rawRepresentation),
                                     info: Array("linkhaven trusted device".utf8), outputByteCount: 32)
    }

    /// The token a device of `user`'s holds.
    func token(for user: UUID) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array("device|\(user.uuidString)".utf8), using: key)))
    }

    /// Whether `sent` is a device token of `user`'s (compared in constant time).
    func isGenuine(_ sent: String, for user: UUID) -> Bool {
        sent.utf8.count <= 64 && ConstantTime.equal(Array(sent.utf8), Array(token(for: user).utf8))
    }

    /// Claims one of the device's own tries on a locked account (counted as a failure until it passes), or `false`
    /// when the device has used them up for now.
    func claim(_ token: String, now: Date, max: Int, lockout: TimeInterval) -> Bool {
        tries.claim(Self.id(token), now: now, max: max, lockout: lockout) != .locked
    }

    /// The right password and code from the device give its tries back.
    func passed(_ token: String) { tries.passed(Self.id(token)) }

    private static func id(_ token: String) -> String { Hex.encode(SHA256.hash(data: Array(token.utf8))) }
}
