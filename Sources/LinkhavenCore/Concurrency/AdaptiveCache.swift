/// A bounded memo for repetitive values that turns itself off when values turn out to be mostly
/// unique (addresses, record ids): then every look-up would be a miss that costs two hashes.
/// Emptied when full; not thread-safe (each worker has its own).
public struct AdaptiveCache<Value> {
    private var storage: [String: Value] = [:]
    private let limit: Int
    private var lookups = 0, hits = 0
    /// Whether the cache is still in use.
    public private(set) var enabled: Bool

    /// A cache holding at most `limit` entries; a limit of 0 disables it.
    public init(limit: Int) {
        self.limit = limit
        enabled = limit > 0
    }

    /// The cached value for `key`, if any. Counts the look-up; after a fair trial with under
    /// 10% hits the cache switches itself off and empties.
    @inline(__always)
    public mutating func lookup(_ key: String) -> Value? {
        guard enabled else { return nil }
        lookups += 1
        if let v = storage[key] {
            hits += 1
            return v
        }
        if lookups == 8192, hits < 820 {
            enabled = false
            storage = [:]
        }
        return nil
    }

    /// Remembers `value` for `key` (while the cache is on).
    @inline(__always)
    public mutating func store(_ key: String, _ value: Value) {
        guard enabled else { return }
        if storage.count >= limit { storage.removeAll(keepingCapacity: true) }
        storage[key] = value
    }
}
