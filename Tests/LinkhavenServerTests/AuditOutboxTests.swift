import Fluent
import Foundation
@testable import LinkhavenServer
import Testing

/// The audit outbox: an event staged in a change's transaction commits with it or not at all, and is
/// chained exactly once — by its own request, or by the recovery of a process that stopped before it could.
@Suite("Audit events written with their change (outbox)")
struct AuditOutboxTests {
    @Test func stagedEventsCommitWithTheirChangeAndAreChainedOnce() async throws {
        try await Harness.run { h in
            let audit = h.app.platform.audit, db = h.app.db
            func count(_ action: String) async throws -> Int { try await AuditEventModel.query(on: db).filter(\.$action == action).count() }
            func waiting() async throws -> Int { try await AuditOutboxEntry.query(on: db).count() }

            // Rolled back with its change: nothing staged, nothing chained.
            struct Abandon: Error {}
            await #expect(throws: Abandon.self) {
                try await db.transaction { tx in
                    _ = try await audit.stage(on: tx, at: h.clock.now, actor: "test", organisation: nil, action: "test.rolled-back", object: "x")
                    throw Abandon()
                }
            }
            #expect(try await waiting() == 0)

            // Committed, then chained by its request: once, and the outbox emptied.
            let first = try await db.transaction { tx in
                try await audit.stage(on: tx, at: h.clock.now, actor: "test", organisation: nil, action: "test.committed", object: "x")
            }
            try await audit.commit([first], on: db)
            let (committed, left) = (try await count("test.committed"), try await waiting())
            #expect(committed == 1 && left == 0)

            // Committed by a process that stopped before chaining it: recovery chains it; the late request does not chain it again.
            let orphan = try await db.transaction { tx in
                try await audit.stage(on: tx, at: h.clock.now, actor: "test", organisation: nil, action: "test.orphaned", object: "y")
            }
            #expect(try await audit.recoverOutbox(on: db) == 1)
            try await audit.commit([orphan], on: db)
            let (recovered, leftAfter) = (try await count("test.orphaned"), try await waiting())
            #expect(recovered == 1 && leftAfter == 0)
            #expect(try await audit.recoverOutbox(on: db) == 0)
            #expect(try await h.brokenAuditChains().broken.isEmpty)
        }
    }
}
