import Foundation

/// POSIX ustar archive pieces, for streaming bundles without holding them in memory.
enum TarWriter {
    /// The 512-byte header of a regular file of `size` bytes.
    static func header(name: String, size: Int, mtime: Date) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, at offset: Int, length: Int) {
            let bytes = Array(s.utf8.prefix(length))
            h.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        }
        func octal(_ v: Int, length: Int) -> String { String(repeating: "0", count: max(0, length - 1 - String(v, radix: 8).count)) + String(v, radix: 8) }
        put(name, at: 0, length: 100)
        put(octal(0o600, length: 8), at: 100, length: 7)
        put(octal(0, length: 8), at: 108, length: 7)
        put(octal(0, length: 8), at: 116, length: 7)
        put(octal(size, length: 12), at: 124, length: 11)
        put(octal(Int(mtime.timeIntervalSince1970), length: 12), at: 136, length: 11)
        put("        ", at: 148, length: 8)
        h[156] = UInt8(ascii: "0")
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        put("linkhaven", at: 265, length: 32)
        put("linkhaven", at: 297, length: 32)
        let sum = h.reduce(0) { $0 + Int($1) }
        put(octal(sum, length: 7), at: 148, length: 6)
        h[154] = 0; h[155] = UInt8(ascii: " ")
        return h
    }

    /// Zero bytes that pad a file of `size` bytes to the 512-byte block.
    static func padding(_ size: Int) -> [UInt8] { [UInt8](repeating: 0, count: (512 - size % 512) % 512) }

    /// The end of an archive.
    static let end = [UInt8](repeating: 0, count: 1024)
}
