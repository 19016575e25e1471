import Fluent
import Foundation
import NIOConcurrencyHelpers

/// Sessions this process has just checked against the database, so that the next requests of the
/// same session within `lifetime` read no row to know who is asking (a web page's dozen API calls,
/// an analyst's tool polling a run).
///
/// Nothing stale is served: whatever ends a session or changes its user (signing out, a
/// deactivation, a two-factor reset, a password change, any save of a `User`) calls `invalidate()`
/// once its write has committed, which empties the cache and moves its generation on; a lookup that
/// read the database before that write committed began under the old generation, so `store` drops
/// what it read. Another server process serving the same database (not the usual deployment: the
/// workers serve no requests) would see such a change within `lifetime`.
final class SessionCache: Sendable {
    /// A session as it was read, and when.
    struct Entry: Sendable {
        var user: SignedInUser
        /// The session's last-seen time as stored (written at most once a `UserSession.lastSeenResolution`).
        var lastSeen: Date
        var readAt: Date
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var generation: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())
    /// How long an entry is used before the session is read again.
    let lifetime: TimeInterval
    /// At most this many sessions are remembered; a full cache starts again empty.
    let capacity: Int

    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The entry for a token hash read less than `lifetime` before `now`, or nil.
    func lookup(_ tokenHash: String, now: Date) -> Entry? {
        guard lifetime > 0 else { return nil }
        return state.withLockedValue { s in
            guard let e = s.entries[tokenHash] else { return nil }
            let age = now.timeIntervalSince(e.readAt)
            guard age >= 0, age < lifetime else {
                s.entries[tokenHash] = nil
                return nil
            }
            return e
        }
    }

    /// The generation to pass to `store` for a lookup that is about to read the database.
    var generation: UInt64 { state.withLockedValue { $0.generation } }

    /// Remembers what a lookup read, unless something was invalidated since it began (`generation`).
    func store(_ tokenHash: String, _ entry: Entry, readUnder generation: UInt64) {
        guard lifetime > 0 else { return }
        state.withLockedValue { s in
            guard s.generation == generation else { return }
            if s.entries.count >= capacity { s.entries.removeAll(keepingCapacity: true) }
            s.entries[tokenHash] = entry
        }
    }

    /// Forgets every session: call after a committed change to any user or session.
    func invalidate() {
        state.withLockedValue { s in
            s.entries.removeAll(keepingCapacity: true)
            s.generation &+= 1
        }
    }
}

/// Empties the session cache after any change to a user saved through the model (a password, a
/// role, a deactivation, a two-factor reset): a backstop, so that no future route that changes a user
/// can forget to. Routes that change users inside a transaction also invalidate after it commits.
struct SessionCacheInvalidation: AsyncModelMiddleware {
    let cache: SessionCache

    func update(model: User, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        cache.invalidate()
    }

    func delete(model: User, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        cache.invalidate()
    }
}
