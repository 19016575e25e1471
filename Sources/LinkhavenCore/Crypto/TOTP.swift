import Crypto

/// Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits), the second
/// factor every platform user must have. Codes are compared in constant time.
public enum TOTP {
    /// A new 160-bit secret.
    public static func generateSecret() -> [UInt8] {
        SymmetricKey(size: .init(bitCount: 160)).withUnsafeBytes { Array($0) }
    }

    /// The code for `secret` at Unix time `time`.
    public static func code(secret: [UInt8], time: Int64, step: Int64 = 30, digits: Int = 6) -> String {
        var counter = UInt64(max(time, 0) / step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[19] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// Whether `code` is valid at `time`, allowing `window` steps of clock drift either side.
    public static func verify(_ code: String, secret: [UInt8], time: Int64, window: Int64 = 1) -> Bool {
        let given = Array(code.utf8.filter { $0 != UInt8(ascii: " ") })
        var ok = false
        for d in -window...window {
            ok = ConstantTime.equal(given, Array(Self.code(secret: secret, time: time + d * 30).utf8)) || ok
        }
        return ok
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// RFC 4648 base32 without padding, as authenticator apps expect.
    public static func base32(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [], acc: UInt32 = 0, bits = 0
        for b in bytes {
            acc = acc << 8 | UInt32(b); bits += 8
            while bits >= 5 { bits -= 5; out.append(alphabet[Int((acc >> UInt32(bits)) & 31)]) }
        }
        if bits > 0 { out.append(alphabet[Int((acc << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base32 (case-insensitive, spaces and padding ignored); `nil` if malformed.
    public static func decodeBase32(_ text: String) -> [UInt8]? {
        var out: [UInt8] = [], acc: UInt32 = 0, bits = 0
        for c in text.uppercased().utf8 where c != UInt8(ascii: " ") && c != UInt8(ascii: "=") {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            acc = acc << 5 | UInt32(v); bits += 5
            if bits >= 8 { bits -= 8; out.append(UInt8((acc >> UInt32(bits)) & 0xff)) }
        }
        return out
    }

    /// The `otpauth://` URI an authenticator app scans.
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String = "Linkhaven") -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@".utf8)
        func escape(_ s: String) -> String {
            s.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : "%" + Hex.encode([$0]).uppercased() }.joined()
        }
        return "otpauth://totp/\(escape(issuer)):\(escape(account))?secret=\(base32(secret))&issuer=\(escape(issuer))&algorithm=SHA1&digits=6&period=30"
    }
}
