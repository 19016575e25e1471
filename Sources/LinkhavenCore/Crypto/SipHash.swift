/// SipHash-2-4 (Aumasson & Bernstein), a fast keyed pseudo-random function for short inputs,
/// in its 64- and 128-bit output forms. Used to place CLK bits: a full HMAC per q-gram would
/// cost ten times as much for no gain in security (the key is 128 bits of HKDF output).
public struct SipHash: Sendable {
    private let k0: UInt64, k1: UInt64

    /// A PRF under a 128-bit key given as two little-endian words.
    public init(k0: UInt64, k1: UInt64) {
        self.k0 = k0
        self.k1 = k1
    }

    /// A PRF under the first 16 bytes of `key`.
    public init(keyBytes key: [UInt8]) {
        precondition(key.count >= 16)
        var a: UInt64 = 0, b: UInt64 = 0
        for i in 0..<8 {
            a |= UInt64(key[i]) << (8 * UInt64(i))
            b |= UInt64(key[8 + i]) << (8 * UInt64(i))
        }
        self.init(k0: a, k1: b)
    }

    @inline(__always)
    private static func round(_ v0: inout UInt64, _ v1: inout UInt64, _ v2: inout UInt64, _ v3: inout UInt64) {
        v0 &+= v1; v1 = v1.rotl(13); v1 ^= v0; v0 = v0.rotl(32)
        v2 &+= v3; v3 = v3.rotl(16); v3 ^= v2
        v0 &+= v3; v3 = v3.rotl(21); v3 ^= v0
        v2 &+= v1; v1 = v1.rotl(17); v1 ^= v2; v2 = v2.rotl(32)
    }

    @inline(__always)
    private func compress(_ data: UnsafeRawBufferPointer, wide: Bool) -> (UInt64, UInt64, UInt64, UInt64) {
        var v0: UInt64 = 0x736f6d6570736575 ^ k0
        var v1: UInt64 = 0x646f72616e646f6d ^ k1
        var v2: UInt64 = 0x6c7967656e657261 ^ k0
        var v3: UInt64 = 0x7465646279746573 ^ k1
        if wide { v1 ^= 0xee }
        let n = data.count
        var i = 0
        while i + 8 <= n {
            let m = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            v3 ^= m
            Self.round(&v0, &v1, &v2, &v3); Self.round(&v0, &v1, &v2, &v3)
            v0 ^= m
            i += 8
        }
        var last = UInt64(truncatingIfNeeded: n) << 56
        var shift: UInt64 = 0
        while i < n {
            last |= UInt64(data[i]) << shift
            shift += 8
            i += 1
        }
        v3 ^= last
        Self.round(&v0, &v1, &v2, &v3); Self.round(&v0, &v1, &v2, &v3)
        v0 ^= last
        return (v0, v1, v2, v3)
    }

    /// SipHash-2-4 with a 64-bit output.
    public func hash64(_ data: UnsafeRawBufferPointer) -> UInt64 {
        var (v0, v1, v2, v3) = compress(data, wide: false)
        v2 ^= 0xff
        for _ in 0..<4 { Self.round(&v0, &v1, &v2, &v3) }
        return v0 ^ v1 ^ v2 ^ v3
    }

    /// SipHash-2-4 with a 128-bit output, as two words (low, high).
    public func hash128(_ data: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var (v0, v1, v2, v3) = compress(data, wide: true)
        v2 ^= 0xee
        for _ in 0..<4 { Self.round(&v0, &v1, &v2, &v3) }
        let lo = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xdd
        for _ in 0..<4 { Self.round(&v0, &v1, &v2, &v3) }
        return (lo, v0 ^ v1 ^ v2 ^ v3)
    }

    /// Convenience for byte arrays.
    public func hash64(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { hash64($0) } }
    /// Convenience for byte arrays.
    public func hash128(_ bytes: [UInt8]) -> (UInt64, UInt64) { bytes.withUnsafeBytes { hash128($0) } }
}

extension UInt64 {
    @inline(__always) func rotl(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
