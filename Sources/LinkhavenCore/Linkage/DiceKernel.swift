/// CLK similarity on raw words: the popcount of the intersection, and Dice from it.
/// Build with `-Xcc -march=x86-64-v3` (or `-target-cpu native`) to get hardware popcount.
public enum DiceKernel {
    /// |A ∩ B| for two filters of `words` 64-bit words.
    @inline(__always)
    public static func intersection(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, words: Int) -> Int {
        if words % 8 == 0 {
            var acc = SIMD8<UInt64>()
            let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
            var off = 0
            while off < words * 8 {
                acc &+= (ra.loadUnaligned(fromByteOffset: off, as: SIMD8<UInt64>.self) & rb.loadUnaligned(fromByteOffset: off, as: SIMD8<UInt64>.self)).nonzeroBitCount
                off += 64
            }
            return Int(acc.wrappedSum())
        }
        var s0 = 0, s1 = 0, s2 = 0, s3 = 0
        var i = 0
        while i + 4 <= words {
            s0 &+= (a[i] & b[i]).nonzeroBitCount
            s1 &+= (a[i + 1] & b[i + 1]).nonzeroBitCount
            s2 &+= (a[i + 2] & b[i + 2]).nonzeroBitCount
            s3 &+= (a[i + 3] & b[i + 3]).nonzeroBitCount
            i += 4
        }
        while i < words { s0 &+= (a[i] & b[i]).nonzeroBitCount; i += 1 }
        return s0 &+ s1 &+ s2 &+ s3
    }

    /// Dice similarity given the intersection and both popcounts.
    @inline(__always)
    public static func dice(intersection: Int, _ ca: Int32, _ cb: Int32) -> Double {
        let t = Int(ca) + Int(cb)
        return t == 0 ? 0 : 2 * Double(intersection) / Double(t)
    }
}
