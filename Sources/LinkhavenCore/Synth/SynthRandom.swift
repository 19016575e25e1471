import Foundation

/// A small, fast, deterministic random source (SplitMix64). Each household gets its own,
/// seeded from the run's seed and the household's index, so output is identical for a seed
/// whatever the number of threads.
struct SynthRandom {
    private var state: UInt64

    init(seed: UInt64, stream: UInt64) {
        state = seed ^ (stream &* 0x9E3779B97F4A7C15)
        _ = next()
    }

    mutating func next() -> UInt64 { CLKEncoder.splitmix(&state) }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-12), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// A weighted choice table built once (cumulative weights, binary search).
struct WeightedTable<T: Sendable>: Sendable {
    let items: [T]
    let cumulative: [Double]

    init(_ weighted: [(T, Int)]) {
        items = weighted.map(\.0)
        var total = 0.0
        cumulative = weighted.map { total += Double($0.1); return total }
    }

    func draw(_ r: inout SynthRandom) -> T {
        let x = r.unit() * cumulative.last!
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return items[lo]
    }
}

/// The logistic function, for turning risk scores into probabilities.
func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
