import Foundation

/// A first-in, first-out queue between threads that holds at most `capacity` items: `put` waits
/// while it is full, `take` while it is empty; after `close`, `take` drains what is left, then
/// returns `nil`, and `put` refuses.
public final class BlockingQueue<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [T] = []
    private var head = 0
    private var closed = false
    private let capacity: Int

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds an item, waiting while the queue is full; `false` (and nothing added) once it is closed.
    @discardableResult
    public func put(_ item: T) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while items.count - head >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting while there is none; `nil` once closed and drained.
    public func take() -> T? {
        condition.lock(); defer { condition.unlock() }
        while items.count == head && !closed { condition.wait() }
        guard items.count > head else { return nil }
        let item = items[head]
        head += 1
        if head > 64, head * 2 > items.count { items.removeFirst(head); head = 0 }
        condition.broadcast()
        return item
    }

    /// No more items: waiting `take`s return what is left, then `nil`; waiting `put`s return `false`.
    public func close() {
        condition.lock(); defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }
}
