import Foundation
import LinkhavenServer

/// Durations collected from many tasks at once, with their percentiles.
final class LatencySamples: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [Double] = []
    private(set) var failures = 0

    func add(_ d: Duration) {
        lock.withLock { seconds.append(d.seconds) }
    }

    func fail() { lock.withLock { failures += 1 } }

    var count: Int { lock.withLock { seconds.count } }

    /// The nearest-rank percentile (0 < p ≤ 1), in milliseconds; 0 with no samples.
    func percentile(_ p: Double) -> Double {
        let sorted = lock.withLock { seconds.sorted() }
        guard !sorted.isEmpty else { return 0 }
        return sorted[max(0, min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1))] * 1000
    }

    /// `n  p50  p95  p99  max` as one table row.
    func row(_ name: String) -> String {
        let cells = [0.5, 0.95, 0.99, 1.0].map { String(format: "%9.1f", percentile($0)) }.joined(separator: " ")
        return name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%7d %7d ", count, failures) + cells
    }

    static let header = "operation".padding(toLength: 22, withPad: " ", startingAt: 0) + "      n  errors   p50 ms    p95 ms    p99 ms    max ms"
}
