import Foundation
import NIOConcurrencyHelpers

/// Failed sign-in tries counted in this process's memory, by a key the caller has already hashed, with the
/// rules `SignInAttempts.claim` keeps for an account in the database: each try is claimed (a failure until
/// it passes), the one that reaches `max` locks for `lockout`, an expired lock starts a fresh count. Bounded:
/// past `capacity` keys the expired are forgotten first, then the lot.
final class LockoutCounter: Sendable {
    private struct Entry { var failures: Int; var lockedUntil: Date? }
    private let entries = NIOLockedValueBox([String: Entry]())
    let capacity: Int

    init(capacity: Int = 50_000) { self.capacity = capacity }

    /// Claims one try for `key`, or finds it locked.
    func claim(_ key: String, now: Date, max: Int, lockout: TimeInterval) -> SignInAttempts.Claim {
        entries.withLockedValue { all in
            if all.count >= capacity, all[key] == nil {
                all = all.filter { $0.value.lockedUntil.map { $0 > now } ?? false }
                if all.count >= capacity { all.removeAll() }
            }
            var e = all[key] ?? Entry(failures: 0, lockedUntil: nil)
            if let until = e.lockedUntil {
                guard until <= now else { return .locked }
                e = Entry(failures: 0, lockedUntil: nil)
            } else if e.failures >= max {
                return .locked
            }
            e.failures += 1
            if e.failures >= max { e.lockedUntil = now.addingTimeInterval(lockout) }
            all[key] = e
            return .claimed(attempt: e.failures)
        }
    }

    /// The right password and code give `key`'s tries back.
    func passed(_ key: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: key) }
    }
}
