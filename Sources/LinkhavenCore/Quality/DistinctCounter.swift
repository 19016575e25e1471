/// Counts distinct values in bounded memory: exactly up to `exactLimit` values, then with a
/// HyperLogLog sketch (2^14 registers, about 0.8% standard error).
public struct DistinctCounter: Sendable {
    /// Values kept exactly before switching to the sketch.
    public let exactLimit: Int
    private var exact: Set<String>? = []
    private var registers: [UInt8] = []
    private static let precision = 14
    private let sip = SipHash(keyBytes: Array(repeating: 7, count: 16))

    /// A counter that stays exact for up to `exactLimit` distinct values.
    public init(exactLimit: Int = 4096) { self.exactLimit = exactLimit }

    /// Whether ``count`` is exact.
    public var isExact: Bool { exact != nil }

    /// Adds a value.
    public mutating func add(_ value: String) {
        if exact != nil {
            exact!.insert(value)
            if exact!.count > exactLimit { toSketch() }
        } else {
            addToSketch(value)
        }
    }

    /// The values, while exact.
    var exactValues: Set<String>? { exact }
    /// The sketch's registers (empty while exact).
    var sketchRegisters: [UInt8] { registers }

    /// Moves to the sketch now (for merging with a counter that already has).
    mutating func toSketch() {
        guard let values = exact else { return }
        registers = Array(repeating: 0, count: 1 << Self.precision)
        for v in values { addToSketch(v) }
        exact = nil
    }

    mutating func mergeRegisters(_ other: [UInt8]) {
        for i in other.indices where other[i] > registers[i] { registers[i] = other[i] }
    }

    private mutating func addToSketch(_ value: String) {
        let h = sip.hash64(Array(value.utf8))
        let index = Int(h >> UInt64(64 - Self.precision))
        let rest = (h << UInt64(Self.precision)) | (1 << UInt64(Self.precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// The number of distinct values (exact, or estimated).
    public var count: Int {
        if let exact { return exact.count }
        let m = Double(registers.count)
        let sum = registers.reduce(0.0) { $0 + 1 / Double(1 << Int($1)) }
        let estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum
        let zeros = registers.filter { $0 == 0 }.count
        if estimate <= 2.5 * m, zeros > 0 { return Int((m * log(m / Double(zeros))).rounded()) }
        return Int(estimate.rounded())
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
