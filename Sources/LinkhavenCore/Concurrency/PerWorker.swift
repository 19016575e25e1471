/// One slot per worker thread, in memory of its own: workers of a `Parallel.forEach` each read
/// and write only their slot, so no two threads ever mutate the same array (which would be a data
/// race even for different elements). Read the slots after the workers finish.
public final class PerWorker<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value>

    /// `count` slots, each starting as `make()`.
    public init(count: Int, _ make: () -> Value) {
        buffer = .allocate(capacity: count)
        for i in 0..<count { (buffer.baseAddress! + i).initialize(to: make()) }
    }

    deinit {
        buffer.baseAddress!.deinitialize(count: buffer.count)
        buffer.deallocate()
    }

    /// The number of slots.
    public var count: Int { buffer.count }

    /// Worker `w`'s slot.
    public subscript(w: Int) -> Value {
        get { buffer[w] }
        _modify { yield &buffer[w] }
        set { buffer[w] = newValue }
    }
}
