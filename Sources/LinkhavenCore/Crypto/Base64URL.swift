/// Unpadded base64url (RFC 4648 §5), the compact text form of tokens and CLKs.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let reverse: [Int8] = {
        var r = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { r[Int(c)] = Int8(i) }
        return r
    }()

    /// Encodes bytes without padding.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var acc: UInt32 = 0
        var bits = 0
        for b in bytes {
            acc = acc << 8 | UInt32(b)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[Int((acc >> UInt32(bits)) & 63)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((acc << UInt32(6 - bits)) & 63)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes unpadded base64url; `nil` if any character is outside the alphabet or the length is impossible.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(utf8: $0) }
    }

    /// Decodes unpadded base64url from UTF-8 bytes; `nil` if any byte is outside the alphabet or the length is impossible.
    public static func decode(utf8 input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard input.count % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(input.count * 3 / 4)
        let ok = reverse.withUnsafeBufferPointer { table -> Bool in
            var acc: UInt32 = 0
            var bits = 0
            for c in input {
                let v = table[Int(c)]
                if v < 0 { return false }
                acc = acc << 6 | UInt32(v)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
                }
            }
            return true
        }
        return ok ? out : nil
    }

    /// Whether every byte is in the alphabet and the length is possible (what `decode` accepts), without decoding.
    public static func isValid(utf8 input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard input.count % 4 != 1 else { return false }
        return reverse.withUnsafeBufferPointer { table in input.allSatisfy { table[Int($0)] >= 0 } }
    }
}
