import Foundation
import LinkhavenCore
import NIOConcurrencyHelpers
import NIOPosix
import Vapor

/// bcrypt, off the event loops and off the pool that runs SQLite's queries: a pool of its own, whose
/// threads run below the requests' priority (nice 5), so a storm of sign-ins queues here and its
/// deliberately slow hashing takes only the CPU the other users' requests leave. Counts the passwords
/// it has checked (the lockout's promise is about that number).
final class PasswordHasher: Sendable {
    private let pool: NIOThreadPool
    private let cost: Int
    private let checked = NIOLockedValueBox(0)
    /// A hash of a random password at the configured cost: an unknown e-mail address is checked
    /// against it, so that it takes as long to refuse as a known one.
    private let decoy: String

    init(cost: Int, threads: Int = max(1, System.coreCount)) throws {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        self.cost = cost
        decoy = try Bcrypt.hash(UUID().uuidString, cost: cost)
    }

    /// Passwords checked since start (known and unknown e-mail addresses alike).
    var passwordsChecked: Int { checked.withLockedValue { $0 } }

    /// Whether `password` is the one `hash` was made from; `nil` checks against the decoy (always false).
    func verify(_ password: String, against hash: String?) async throws -> Bool {
        checked.withLockedValue { $0 += 1 }
        let target = hash ?? decoy
        let ok = try await pool.runIfActive {
            Self.givingWay()
            return (try? Bcrypt.verify(password, created: target)) ?? false
        }
        return ok && hash != nil
    }

    /// A new bcrypt hash of `password` at the configured cost.
    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await pool.runIfActive {
            Self.givingWay()
            return try Bcrypt.hash(password, cost: cost)
        }
    }

    /// The hashing thread gives way to request threads (a thread's priority, once lowered, stays so).
    private static func givingWay() { LinkhavenCore.System.lowerThreadPriority(to: 5) }

    func shutdown() async { try? await pool.shutdownGracefully() }
}
