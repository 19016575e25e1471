import Fluent
import Foundation

/// Audit events written with their change. `stage` writes the event into the outbox inside the change's
/// own transaction, so that the two commit together or not at all; `commit` then appends it to its chain
/// (deleting its outbox row in the same transaction). A process killed between the two leaves the row,
/// and `recoverOutbox` — at start-up, and in the periodic sweep — chains it: a change is never kept
/// without its event, and no event is chained twice.
extension AuditLog {
    /// An event staged in a change's transaction, to be chained once that transaction has committed.
    struct Staged: Sendable {
        let id: UUID, at: Date, actor: String, organisation: String?, action: String, object: String, outcome: String
    }

    /// Writes the event into the outbox on `tx`, the transaction of the change it records.
    func stage(on tx: any Database, at: Date, actor: String, organisation: String?, action: String, object: String,
               outcome: String = "success") async throws -> Staged {
        let e = AuditOutboxEntry()
        e.id = UUID(); e.chain = organisation ?? "platform"; e.at = at; e.actor = actor; e.organisation = organisation
        e.action = action; e.object = object; e.outcome = outcome
        try await e.create(on: tx)
        return Staged(id: e.id!, at: at, actor: actor, organisation: organisation, action: action, object: object, outcome: outcome)
    }

    /// Chains events staged in a transaction that has committed, in order; returns once they are durable.
    func commit(_ staged: [Staged], on db: any Database) async throws {
        for s in staged {
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                enqueue(Pending(db: db, at: s.at, actor: s.actor, organisation: s.organisation, action: s.action, object: s.object,
                                outcome: s.outcome, done: done, outboxID: s.id))
            }
        }
    }

    /// Chains the events a stopped process left in the outbox (all of them at start-up; in the sweep, those
    /// staged before `before`, so that a request between its commit and its append is left to finish).
    /// Returns how many it found.
    @discardableResult
    func recoverOutbox(on db: any Database, before: Date? = nil) async throws -> Int {
        var query = AuditOutboxEntry.query(on: db)
        if let before { query = query.filter(\.$at < before) }
        let rows = try await query.sort(\.$at).all()
        for r in rows {
            enqueue(Pending(db: db, at: r.at, actor: r.actor, organisation: r.organisation, action: r.action, object: r.object,
                            outcome: r.outcome, done: nil, outboxID: r.id))
        }
        for chain in Set(rows.map(\.chain)).sorted() { try await settle(chain: chain, on: db) }
        if !rows.isEmpty { Self.logger.notice("audit events chained from the outbox", metadata: ["count": "\(rows.count)"]) }
        return rows.count
    }
}
