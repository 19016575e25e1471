import Dispatch

/// Pure CLK linkage, as anonlink does it: every pair of records across two datasets whose CLKs
/// have Dice similarity at least a threshold, then one-to-one solving (greedily, highest first).
/// The comparison loop is a popcount of ANDed words over both cores; build with
/// `-Xcc -march=x86-64-v3` (or `-target-cpu native`) for hardware popcount.
public enum CLKMatcher {
    /// A scored pair (indices into the two lists).
    public struct Pair: Sendable, Equatable {
        public var a: Int32, b: Int32
        public var dice: Float
    }

    /// Compares one 1024-bit filter `a`, held in two SIMD registers, with every filter of `b`: AND,
    /// lane-wise popcount (one VPOPCNTQ per 512 bits with AVX-512; a short sequence with AVX2), and
    /// the threshold test in the same pass, appending the pairs that pass.
    @inline(__always)
    static func row16(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, _ cb: UnsafeBufferPointer<Int32>, offset: Int32, _ ca: Int32,
                      _ threshold: Double, _ i: Int32, _ pairs: inout [Pair]) {
        let ra = UnsafeRawPointer(a)
        let lo = ra.loadUnaligned(as: SIMD8<UInt64>.self), hi = ra.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self)
        var p = UnsafeRawPointer(b)
        // Dice ≥ t ⟺ 2·|A∩B|·2^20 ≥ t·2^20·(|A|+|B|), tested in integers with ⌊t·2^20⌋: exact, because for
        // filters under ~10^5 bits no achievable Dice value lies strictly between ⌊t·2^20⌋/2^20 and t.
        let scaled = UInt64((threshold * 1_048_576).rounded(.down))
        for j in 0..<cb.count {
            let x = (lo & p.loadUnaligned(as: SIMD8<UInt64>.self)).nonzeroBitCount
                &+ (hi & p.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self)).nonzeroBitCount
            let inter = x.wrappedSum()
            let total = UInt64(UInt32(bitPattern: ca &+ cb[j]))
            if inter &<< 21 >= scaled &* total, total > 0 {
                pairs.append(Pair(a: i, b: offset + Int32(j), dice: Float(2 * Double(inter) / Double(total))))
            }
            p += 128
        }
    }

    /// ``row16`` for two filters of A at once.
    @inline(__always)
    static func row16x2(_ a1: UnsafePointer<UInt64>, _ a2: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, _ cb: UnsafeBufferPointer<Int32>,
                        offset: Int32, _ ca1: Int32, _ ca2: Int32, _ threshold: Double, _ i1: Int32, _ i2: Int32, _ pairs: inout [Pair]) {
        let r1 = UnsafeRawPointer(a1), r2 = UnsafeRawPointer(a2)
        let lo1 = r1.loadUnaligned(as: SIMD8<UInt64>.self), hi1 = r1.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self)
        let lo2 = r2.loadUnaligned(as: SIMD8<UInt64>.self), hi2 = r2.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self)
        var p = UnsafeRawPointer(b)
        let scaled = UInt64((threshold * 1_048_576).rounded(.down))
        for j in 0..<cb.count {
            let bl = p.loadUnaligned(as: SIMD8<UInt64>.self), bh = p.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self)
            let x1 = ((lo1 & bl).nonzeroBitCount &+ (hi1 & bh).nonzeroBitCount).wrappedSum()
            let x2 = ((lo2 & bl).nonzeroBitCount &+ (hi2 & bh).nonzeroBitCount).wrappedSum()
            let t1 = UInt64(UInt32(bitPattern: ca1 &+ cb[j])), t2 = UInt64(UInt32(bitPattern: ca2 &+ cb[j]))
            if x1 &<< 21 >= scaled &* t1, t1 > 0 { pairs.append(Pair(a: i1, b: offset + Int32(j), dice: Float(2 * Double(x1) / Double(t1)))) }
            if x2 &<< 21 >= scaled &* t2, t2 > 0 { pairs.append(Pair(a: i2, b: offset + Int32(j), dice: Float(2 * Double(x2) / Double(t2)))) }
            p += 128
        }
    }

    /// All pairs with Dice ≥ `threshold` between filters `a` and `b` (each `words` long, with
    /// popcounts), computed by `workers` threads. Returns the pairs and the comparisons computed.
    public static func candidates(a: [UInt64], countsA: [Int32], b: [UInt64], countsB: [Int32], words: Int, threshold: Double,
                                  workers: Int = System.coreCount) -> (pairs: [Pair], comparisons: Int) {
        let na = countsA.count, nb = countsB.count
        let results = PerWorker(count: workers) { (pairs: [Pair](), comparisons: 0) }
        Parallel.forEach(workers: workers) { w in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    var mine = results[w]
                    var inter = [Int32](repeating: 0, count: words == 16 ? 0 : nb)
                    inter.withUnsafeMutableBufferPointer { out in
                        if words == 16 {
                            // Tiles of B small enough to stay in L2 (128 KiB), each swept by all of this worker's rows of A.
                            let tile = 1024
                            countsB.withUnsafeBufferPointer { cb in
                                for t in stride(from: 0, to: nb, by: tile) {
                                    let cbTile = UnsafeBufferPointer(rebasing: cb[t..<min(nb, t + tile)])
                                    var i = w
                                    while i + workers < na {   // two rows of A per sweep: each B filter loaded once for both
                                        row16x2(pa.baseAddress! + i * 16, pa.baseAddress! + (i + workers) * 16, pb.baseAddress! + t * 16, cbTile,
                                                offset: Int32(t), countsA[i], countsA[i + workers], threshold, Int32(i), Int32(i + workers), &mine.pairs)
                                        i += 2 * workers
                                    }
                                    if i < na {
                                        row16(pa.baseAddress! + i * 16, pb.baseAddress! + t * 16, cbTile, offset: Int32(t), countsA[i], threshold, Int32(i), &mine.pairs)
                                    }
                                }
                            }
                            mine.comparisons += (na - w + workers - 1) / workers * nb
                        } else {
                            var i = w
                            while i < na {
                                let ca = countsA[i]
                                mine.comparisons += nb
                                for j in 0..<nb { out[j] = Int32(DiceKernel.intersection(pa.baseAddress! + i * words, pb.baseAddress! + j * words, words: words)) }
                                for j in 0..<nb {
                                    let t = Int(ca) + Int(countsB[j])
                                    if t > 0, 2 * Double(out[j]) >= threshold * Double(t) {
                                        mine.pairs.append(Pair(a: Int32(i), b: Int32(j), dice: Float(2 * Double(out[j]) / Double(t))))
                                    }
                                }
                                i += workers
                            }
                        }
                    }
                    results[w] = mine
                }
            }
        }
        var pairs: [Pair] = [], comparisons = 0
        for w in 0..<workers { pairs += results[w].pairs; comparisons += results[w].comparisons }
        return (pairs, comparisons)
    }

    /// One-to-one solving: pairs taken highest Dice first, each record used at most once.
    public static func oneToOne(_ pairs: [Pair]) -> [Pair] {
        var usedA = Set<Int32>(), usedB = Set<Int32>()
        var out: [Pair] = []
        for p in pairs.sorted(by: { $0.dice > $1.dice || ($0.dice == $1.dice && ($0.a, $0.b) < ($1.a, $1.b)) })
        where !usedA.contains(p.a) && !usedB.contains(p.b) {
            usedA.insert(p.a)
            usedB.insert(p.b)
            out.append(p)
        }
        return out
    }
}
