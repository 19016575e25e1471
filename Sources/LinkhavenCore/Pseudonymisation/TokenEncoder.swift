import Crypto

/// Makes tokens: keyed deterministic pseudonyms, HMAC-SHA256 of a normalised value truncated to
/// 128 bits and written as 22 characters of base64url. Equal values under the same key give
/// equal tokens; without the key a token reveals nothing about its value.
///
/// Not thread-safe (it caches); give each worker its own.
public struct TokenEncoder {
    private let keyed: HMACSHA256
    private var cache: AdaptiveCache<String>

    /// The number of characters in a token.
    public static let length = 22

    /// An encoder under `key`, caching up to `cacheLimit` recent values.
    public init(key: SymmetricKey, cacheLimit: Int = 65_536) {
        keyed = HMACSHA256(key: key)
        cache = AdaptiveCache(limit: cacheLimit)
    }

    /// The token of `value` (already normalised).
    public mutating func token(_ value: String) -> String {
        if let t = cache.lookup(value) { return t }
        let t = Base64URL.encode(keyed.mac(value).prefix(16))
        cache.store(value, t)
        return t
    }

    /// `true` if `text` has the form of a token (22 base64url characters decoding to 16 bytes).
    public static func isWellFormed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isWellFormed(utf8: $0) }
    }

    /// Whether these UTF-8 bytes are a well-formed token (22 base64url characters: 16 bytes).
    public static func isWellFormed(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.count == length && Base64URL.isValid(utf8: utf8)
    }

    /// Whether these UTF-8 bytes are one or more well-formed tokens separated by spaces (name parts).
    public static func areWellFormed(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0, any = false
        for i in 0...utf8.count where i == utf8.count || utf8[i] == 0x20 {
            if i > start {
                guard isWellFormed(utf8: UnsafeBufferPointer(rebasing: utf8[start..<i])) else { return false }
                any = true
            }
            start = i + 1
        }
        return any || utf8.isEmpty
    }
}
