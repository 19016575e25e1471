import Crypto
import Foundation
import LinkhavenCore

/// Failed sign-ins with addresses that belong to no account, counted as an account's are: after the same
/// number of tries an unknown address is "locked" for the same time and answered with the same 423, so the
/// lockout no longer tells who has an account (it used to lock known addresses only). Held in this process's
/// memory (`LockoutCounter`) by a keyed hash of the address — never the address — and bounded; several server processes
/// each count their own, so an unknown address may take a few more tries there than a known one.
final class UnknownAddressAttempts: Sendable {
    private let key = SymmetricKey(size: .bits256)
    private let counter = LockoutCounter()

    /// Claims one failed attempt for `email`, or finds it "locked", exactly as `SignInAttempts.claim` does for an account.
    func claim(_ email: String, now: Date, max: Int, lockout: TimeInterval) -> SignInAttempts.Claim {
        counter.claim(Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(email.lowercased().utf8), using: key))),
                      now: now, max: max, lockout: lockout)
    }
}
