import Crypto

/// HMAC-SHA256 (RFC 2104, FIPS 180-4) with the key's inner and outer states computed once, so
/// each message costs only its own compressions (two for a short value) and no allocation.
/// Tokens are millions of short messages under one key; the general-purpose HMAC spends most of
/// its time on set-up and copying. Verified against swift-crypto's HMAC in the tests.
public struct HMACSHA256: Sendable {
    private let inner: SHA256Words
    private let outer: SHA256Words

    /// A keyed PRF under `key` (any length; keys over 64 bytes are hashed first, as HMAC says).
    public init(key: SymmetricKey) {
        var k = key.withUnsafeBytes { Array($0) }
        if k.count > 64 { k = Array(SHA256.hash(data: k)) }
        k += [UInt8](repeating: 0, count: 64 - k.count)
        var i = SHA256Words.initial, o = SHA256Words.initial
        k.map { $0 ^ 0x36 }.withUnsafeBytes { i.compress($0.baseAddress!) }
        k.map { $0 ^ 0x5c }.withUnsafeBytes { o.compress($0.baseAddress!) }
        inner = i
        outer = o
    }

    /// The MAC of `message`, as eight big-endian 32-bit words.
    public func mac(_ message: UnsafeRawBufferPointer) -> SHA256Words {
        var s = inner
        s.finish(message, alreadyHashed: 64)
        var o = outer
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 4) { digest in
            s.store(into: digest.baseAddress!)
            o.finish(UnsafeRawBufferPointer(digest), alreadyHashed: 64)
        }
        return o
    }

    /// The MAC of a string's UTF-8 bytes.
    public func mac(_ message: String) -> SHA256Words {
        var m = message
        return m.withUTF8 { mac(UnsafeRawBufferPointer($0)) }
    }
}

/// The eight-word state of SHA-256.
public struct SHA256Words: Sendable, Equatable {
    var h0, h1, h2, h3, h4, h5, h6, h7: UInt32

    static let initial = SHA256Words(h0: 0x6a09e667, h1: 0xbb67ae85, h2: 0x3c6ef372, h3: 0xa54ff53a,
                                     h4: 0x510e527f, h5: 0x9b05688c, h6: 0x1f83d9ab, h7: 0x5be0cd19)

    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// Writes the state as 32 big-endian bytes.
    func store(into p: UnsafeMutableRawPointer) {
        for (i, w) in [h0, h1, h2, h3, h4, h5, h6, h7].enumerated() { p.storeBytes(of: w.bigEndian, toByteOffset: 4 * i, as: UInt32.self) }
    }

    /// The first `count` bytes of the state, big-endian (the truncated digest).
    public func prefix(_ count: Int) -> [UInt8] {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 4) { buf in
            store(into: buf.baseAddress!)
            return Array(UnsafeRawBufferPointer(buf).prefix(count))
        }
    }

    /// Hashes `message` (after `alreadyHashed` bytes already in the state) with SHA-256 padding.
    mutating func finish(_ message: UnsafeRawBufferPointer, alreadyHashed: Int) {
        var offset = 0
        while message.count - offset >= 64 {
            compress(message.baseAddress! + offset)
            offset += 64
        }
        let rest = message.count - offset
        let bitLength = UInt64(alreadyHashed + message.count) * 8
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { block in
            let b = block.baseAddress!
            b.initializeMemory(as: UInt8.self, repeating: 0, count: 128)
            if rest > 0 { b.copyMemory(from: message.baseAddress! + offset, byteCount: rest) }
            b.storeBytes(of: 0x80, toByteOffset: rest, as: UInt8.self)
            let total = rest + 9 <= 64 ? 64 : 128
            b.storeBytes(of: bitLength.bigEndian, toByteOffset: total - 8, as: UInt64.self)
            compress(UnsafeRawPointer(b))
            if total == 128 { compress(UnsafeRawPointer(b + 64)) }
        }
    }

    @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// One SHA-256 compression of the 64-byte block at `block`.
    mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
            for i in 16..<64 {
                let s0 = Self.rotr(w[i - 15], 7) ^ Self.rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = Self.rotr(w[i - 2], 17) ^ Self.rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
            Self.k.withUnsafeBufferPointer { k in
                for i in 0..<64 {
                    let s1 = Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
                    let s0 = Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    h = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
        }
    }
}
