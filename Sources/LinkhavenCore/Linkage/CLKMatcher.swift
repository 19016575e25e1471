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
    static func row16(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, _ countsB: [Int32], _ ca: Int32, _ threshold: Double,
                      _ i: Int32, _ pairs: inout [Pair]) {
        let ra = UnsafeRawPointer(a)
        let lo = ra.loadUnaligned(as: SIMD8<UInt64>.self), hi = ra.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self)
        var p = UnsafeRawPointer(b)
        // Dice ≥ t ⟺ 2·|A∩B|·2^20 ≥ t·2^20·(|A|+|B|), tested in integers with ⌊t·2^20⌋: exact, because for
        // filters under ~10^5 bits no achievable Dice value lies strictly between ⌊t·2^20⌋/2^20 and t.
        let scaled = UInt64((threshold * 1_048_576).rounded(.down))
        countsB.withUnsafeBufferPointer { cb in
            for j in 0..<cb.count {
                let x = (lo & p.loadUnaligned(as: SIMD8<UInt64>.self)).nonzeroBitCount
                    &+ (hi & p.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self)).nonzeroBitCount
                let inter = x.wrappedSum()
                let total = UInt64(UInt32(bitPattern: ca &+ cb[j]))
                if inter &<< 21 >= scaled &* total, total > 0 {
                    pairs.append(Pair(a: i, b: Int32(j), dice: Float(2 * Double(inter) / Double(total))))
                }
                p += 128
            }
        }
    }

    /// All pairs with Dice ≥ `threshold` between filters `a` and `b` (each `words` long, with
    /// popcounts), computed by `workers` threads. Returns the pairs and the comparisons computed.
    public static func candidates(a: [UInt64], countsA: [Int32], b: [UInt64], countsB: [Int32], words: Int, threshold: Double,
                                  workers: Int = System.coreCount) -> (pairs: [Pair], comparisons: Int) {
        let na = countsA.count, nb = countsB.count
        let results = PerWorker(count: workers) { (pairs: [Pair](), comparisons: 0) }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    var mine = results[w]
                    var inter = [Int32](repeating: 0, count: nb)
                    inter.withUnsafeMutableBufferPointer { out in
                        var i = w
                        while i < na {
                            let ca = countsA[i]
                            mine.comparisons += nb
                            if words == 16 {
                                row16(pa.baseAddress! + i * 16, pb.baseAddress!, countsB, ca, threshold, Int32(i), &mine.pairs)
                            } else {
                                for j in 0..<nb { out[j] = Int32(DiceKernel.intersection(pa.baseAddress! + i * words, pb.baseAddress! + j * words, words: words)) }
                                for j in 0..<nb {
                                    let t = Int(ca) + Int(countsB[j])
                                    if t > 0, 2 * Double(out[j]) >= threshold * Double(t) {
                                        mine.pairs.append(Pair(a: Int32(i), b: Int32(j), dice: Float(2 * Double(out[j]) / Double(t))))
                                    }
                                }
                            }
                            i += workers
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
