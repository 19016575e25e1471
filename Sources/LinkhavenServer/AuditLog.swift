import Fluent
import Foundation
import LinkhavenCore
import NIOConcurrencyHelpers
import Vapor

/// Appends audit events to their chain (the organisation's, or "platform") and exports a chain with
/// a freshly signed checkpoint of its head. Appends to one chain are written by one writer at a time,
/// in groups: events that arrive while a group is being written go together in the next transaction
/// (one commit for many), and each `record` returns once its own event is durable.
final class AuditLog: Sendable {
    static let formatter = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    struct Pending: Sendable {
        var db: any Database, at: Date, actor: String, organisation: String?, action: String, object: String, outcome: String
        var done: CheckedContinuation<Void, any Error>
    }
    struct Queue { var pending: [Pending] = []; var writing = false }
    private let queues = NIOLockedValueBox([String: Queue]())

    /// Records an event; `organisation` (an id) picks the chain. Across processes sharing one PostgreSQL
    /// the unique (chain, seq) index makes a second writer fail, and it retries on top of the new head,
    /// so the chain never forks.
    func record(on db: any Database, at: Date, actor: String, organisation: String?, action: String, object: String,
                outcome: String = "success") async throws {
        let chain = organisation ?? "platform"
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let p = Pending(db: db, at: at, actor: actor, organisation: organisation, action: action, object: object, outcome: outcome, done: done)
            let startWriter = queues.withLockedValue { q -> Bool in
                q[chain, default: Queue()].pending.append(p)
                guard !q[chain]!.writing else { return false }
                q[chain]!.writing = true
                return true
            }
            if startWriter { Task { await self.drain(chain) } }
        }
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
            guard let first = group.first else { return }
            do {
                // Only a lost race (another process took the next sequence number) is retried.
                try await retryingLostRace(attempts: 50, pauseStep: 3, lost: isLostRace) {
                    try await first.db.writeTransaction { tx in try await Self.append(group, chain: chain, on: tx) }
                }
                for p in group { p.done.resume() }
            } catch {
                for p in group { p.done.resume(throwing: error) }
            }
        }
    }

    private static func append(_ group: [Pending], chain: String, on db: any Database) async throws {
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
