import Fluent
import Foundation
import LinkhavenCore
import NIOConcurrencyHelpers
import Vapor

/// Appends audit events to their chain (the organisation's, or "platform") and exports a chain with
/// a freshly signed checkpoint of its head. Appends to one chain are written by one writer at a time,
/// in groups: events that arrive while a group is being written go together in the next transaction
/// (one commit for many), and each `record` returns once its own event is durable. A read's event
/// (`note`) is queued the same way without its request waiting for the write.
final class AuditLog: Sendable {
    static let formatter = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let logger = Logger(label: "linkhaven.audit")

    struct Pending: Sendable {
        var db: any Database, at: Date, actor: String, organisation: String?, action: String, object: String, outcome: String
        /// Resumed once the event is durable; nil for a noted read.
        var done: CheckedContinuation<Void, any Error>?
        /// A marker with no event of its own (`settle`): resumed once everything queued before it is durable.
        var isBarrier = false
        /// The event's row in the outbox (`stage`), deleted in the transaction that chains it.
        var outboxID: UUID? = nil
    }
    struct Queue { var pending: [Pending] = []; var writing = false }
    private let queues = NIOLockedValueBox([String: Queue]())
    private let writer = NIOLockedValueBox<(@Sendable () -> (any Database)?)?>(nil)

    /// Groups are written through `database` (connections of the log's own) instead of the database
    /// each event was given: a request then never lends its connection to a group commit. (Where
    /// `database` gives none, the application having gone, the event's own is used.)
    func write(through database: @escaping @Sendable () -> (any Database)?) {
        writer.withLockedValue { $0 = database }
    }

    /// Records an event; `organisation` (an id) picks the chain. Across processes sharing one PostgreSQL
    /// the unique (chain, seq) index makes a second writer fail, and it retries on top of the new head,
    /// so the chain never forks.
    func record(on db: any Database, at: Date, actor: String, organisation: String?, action: String, object: String,
                outcome: String = "success") async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            enqueue(Pending(db: db, at: at, actor: actor, organisation: organisation, action: action, object: object, outcome: outcome, done: done))
        }
    }

    /// Queues an event without waiting for it to be written: for reads, which change nothing, so that a
    /// GET answers without a write on its path. It is committed with its chain's next group, a moment
    /// later; `export` and `settle` wait for it. A failure to write it is logged.
    func note(on db: any Database, at: Date, actor: String, organisation: String?, action: String, object: String, outcome: String = "success") {
        enqueue(Pending(db: db, at: at, actor: actor, organisation: organisation, action: action, object: object, outcome: outcome, done: nil))
    }

    /// Returns once every event queued for `chain` (an organisation's id, or "platform") before this call is durable.
    func settle(chain: String, on db: any Database) async throws {
        let organisation = chain == "platform" ? nil : chain
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            enqueue(Pending(db: db, at: Date(), actor: "", organisation: organisation, action: "", object: "", outcome: "", done: done, isBarrier: true))
        }
    }

    /// Waits for every chain's queued events (at shutdown).
    func settleAll(on db: any Database) async {
        let chains = queues.withLockedValue { Array($0.keys) }
        for chain in chains { try? await settle(chain: chain, on: db) }
    }

    func enqueue(_ p: Pending) {
        let chain = p.organisation ?? "platform"
        let startWriter = queues.withLockedValue { q -> Bool in
            q[chain, default: Queue()].pending.append(p)
            guard !q[chain]!.writing else { return false }
            q[chain]!.writing = true
            return true
        }
        if startWriter { Task { await self.drain(chain) } }
    }

    /// Writes the chain's waiting events, a group per transaction, until none are left.
    private func drain(_ chain: String) async {
        while true {
            let group = queues.withLockedValue { q -> [Pending] in
                let g = q[chain]?.pending ?? []
                q[chain]?.pending = []
                if g.isEmpty { q[chain] = nil }
                return g
            }
            if group.isEmpty { return }
            let events = group.filter { !$0.isBarrier }
            do {
                // Only a lost race (another process took the next sequence number) is retried.
                if let first = events.first {
                    let db = (writer.withLockedValue { $0 }?()) ?? first.db
                    try await retryingLostRace(attempts: 50, pauseStep: 3, lost: isLostRace) {
                        try await db.writeTransaction { tx in try await Self.append(events, chain: chain, on: tx) }
                    }
                }
                for p in group { p.done?.resume() }
            } catch {
                for p in group { p.done?.resume(throwing: error) }
                if group.contains(where: { $0.done == nil }) { Self.logger.report(error: error) }
            }
        }
    }

    private static func append(_ group: [Pending], chain: String, on db: any Database) async throws {
        // Events staged with their change are chained only if their outbox row is still there to delete
        // (a recovering process may have chained them already): once, whoever gets there first.
        let claimed = try await AuditOutboxEntry.claim(group.compactMap(\.outboxID), on: db)
        let group = group.filter { $0.outboxID.map(claimed.contains) ?? true }
        let last = try await AuditEventModel.query(on: db).filter(\.$chain == chain).sort(\.$seq, .descending).first()
        var previous = last.map(Self.event)
        var models: [AuditEventModel] = []
        for p in group {
            let e = AuditEvent(chain: chain, after: previous, at: Self.formatter.format(p.at), actor: p.actor, organisation: p.organisation,
                               action: p.action, object: p.object, outcome: p.outcome)
            let m = AuditEventModel()
            m.chain = e.chain; m.seq = e.seq; m.at = e.at; m.actor = e.actor; m.organisation = e.organisation
            m.action = e.action; m.object = e.object; m.outcome = e.outcome; m.previousHash = e.previousHash; m.hash = e.hash
            models.append(m)
            previous = e
        }
        for chunk in models.chunked(into: 200) { try await Array(chunk).create(on: db) }
    }

    static func event(_ m: AuditEventModel) -> AuditEvent {
        AuditEvent(chain: m.chain, seq: m.seq, at: m.at, actor: m.actor, organisation: m.organisation, action: m.action,
                   object: m.object, outcome: m.outcome, previousHash: m.previousHash, hash: m.hash)
    }

    /// The whole chain, with a new signed checkpoint of its last event.
    func export(chain: String, on db: any Database, at: Date, key: Curve25519.Signing.PrivateKey) async throws -> AuditExport {
        try await settle(chain: chain, on: db)
        let events = try await AuditEventModel.query(on: db).filter(\.$chain == chain).sort(\.$seq).all().map(Self.event)
        if let head = events.last {
            let cp = try AuditCheckpoint(of: head, at: Self.formatter.format(at), key: key)
            let m = AuditCheckpointModel()
            m.chain = cp.chain; m.seq = cp.seq; m.hash = cp.hash; m.at = cp.at; m.signature = cp.signature
            try await m.save(on: db)
        }
        let checkpoints = try await AuditCheckpointModel.query(on: db).filter(\.$chain == chain).sort(\.$seq).all().map {
            AuditCheckpoint(chain: $0.chain, seq: $0.seq, hash: $0.hash, at: $0.at, signature: $0.signature)
        }
        return AuditExport(chain: chain, publicKey: Base64URL.encode(Array(key.publicKey.rawRepresentation)), events: events, checkpoints: checkpoints)
    }
}
