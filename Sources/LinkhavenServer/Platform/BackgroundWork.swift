import Foundation

/// Work that outlives its request (validating an upload): tracked so shutdown waits for it.
actor BackgroundWork {
    private var running: [UUID: Task<Void, Never>] = [:]

    /// Starts `op` in the background.
    func start(_ op: @escaping @Sendable () async -> Void) {
        let id = UUID()
        running[id] = Task { [weak self] in
            await op()
            await self?.finished(id)
        }
    }

    private func finished(_ id: UUID) { running[id] = nil }

    /// Waits until nothing is running.
    func drain() async {
        while let task = running.values.first { await task.value }
    }
}

/// One holder at a time per key (an upload's bytes are appended by one request at a time; a
/// dataset's versions are numbered by one acceptance at a time).
actor KeyedLocks<Key: Hashable & Sendable> {
    private var held: Set<Key> = []
    private var waiting: [Key: [CheckedContinuation<Void, Never>]] = [:]

    func withLock<T: Sendable>(_ key: Key, _ body: @Sendable () async throws -> T) async throws -> T {
        if held.contains(key) { await withCheckedContinuation { waiting[key, default: []].append($0) } } else { held.insert(key) }
        defer { release(key) }
        return try await body()
    }

    private func release(_ key: Key) {
        if var w = waiting[key], !w.isEmpty { let next = w.removeFirst(); waiting[key] = w.isEmpty ? nil : w; next.resume() } else { held.remove(key) }
    }
}
