import Crypto
import Foundation
import LinkhavenCore
import NIOConcurrencyHelpers

/// Failed sign-ins with addresses that belong to no account, counted as an account's are: after the same
/// number of tries an unknown address is "locked" for the same time and answered with the same 423, so the
/// lockout no longer tells who has an account (it used to lock known addresses only). Held in this process's
/// memory by a keyed hash of the address — never the address — and bounded; several server processes
/// each count their own, so an unknown address may take a few more tries there than a known one.
final class UnknownAddressAttempts: Sendable {
    private struct Entry { var failures: Int; var lockedUntil: Date? }
    private let key = SymmetricKey(size: .bits256)
    private let entries = NIOLockedValueBox([String: Entry]())
    /// Addresses remembered at most; past it the expired are forgotten first, then the lot.
    static let capacity = 50_000

    /// Claims one failed attempt for `email`, or finds it "locked", exactly as `SignInAttempts.claim` does for an account.
    func claim(_ email: String, now: Date, max: Int, lockout: TimeInterval) -> SignInAttempts.Claim {
        let id = Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(email.lowercased().utf8), using: key)))
        return entries.withLockedValue { all in
            if all.count >= Self.capacity, all[id] == nil {
                all = all.filter { $0.value.lockedUntil.map { $0 > now } ?? false }
                if all.count >= Self.capacity { all.removeAll() }
            }
            var e = all[id] ?? Entry(failures: 0, lockedUntil: nil)
            if let until = e.lockedUntil {
                guard until <= now else { return .locked }
                e = Entry(failures: 0, lockedUntil: nil)   // an expired lock starts a fresh count
            } else if e.failures >= max {
                return .locked
            }
            e.failures += 1
            if e.failures >= max { e.lockedUntil = now.addingTimeInterval(lockout) }
            all[id] = e
            return .claimed(attempt: e.failures)
        }
    }
}
