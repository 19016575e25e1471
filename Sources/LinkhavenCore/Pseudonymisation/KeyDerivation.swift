import Crypto

/// HKDF-SHA256 derivation of purpose- and field-specific keys, so that no two uses share a key.
public enum KeyDerivation {
    static let salt = Array("linkhaven key derivation v1".utf8)

    /// Derives a 256-bit key for `info` from `key`.
    public static func derive(from key: SymmetricKey, info: String, byteCount: Int = 32) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, salt: salt, info: Array(info.utf8), outputByteCount: byteCount)
    }
}

/// Fingerprints prove which key was used without revealing it: an HMAC of a fixed label under
/// the key, truncated to 80 bits and shown as `lh1:xxxx-xxxx-xxxx-xxxx-xxxx`.
public enum KeyFingerprint {
    /// The fingerprint of `key`.
    public static func of(_ key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("linkhaven key fingerprint v1".utf8), using: key)
        let hex = Hex.encode(Array(mac).prefix(10))
        var groups: [Substring] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 4)
            groups.append(hex[i..<j])
            i = j
        }
        return "lh1:" + groups.joined(separator: "-")
    }
}

/// Compares secrets (or values derived from them) in time independent of where they differ.
public enum ConstantTime {
    /// `true` when `a` and `b` hold the same bytes; the time depends only on their lengths.
    public static func equal<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}
