import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Appends audit events to their chain (the organisation's, or "platform"), one at a time, and
/// exports a chain with a freshly signed checkpoint of its head.
final class AuditLog: Sendable {
    static let formatter = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Appends to one chain take their turn in this process (an actor alone would not do: it is
    /// re-entered at every database call it awaits).
    private let chains = KeyedLocks<String>()

    /// Records an event; `organisation` (an id) picks the chain. Writers in one process take their
    /// turn per chain; across processes sharing one PostgreSQL the unique (chain, seq) index makes a
    /// second writer fail, and it retries on top of the new head, so the chain never forks.
    func record(on db: any Database, at: Date, actor: String, organisation: String?, action: String, object: String,
                outcome: String = "success") async throws {
        try await chains.withLock(organisation ?? "platform") {
            // Only a lost race (another process took the next sequence number) is retried.
            try await retryingLostRace(attempts: 50, pauseStep: 3, lost: { ($0 as? any DatabaseError)?.isConstraintFailure == true }) {
                try await self.append(on: db, at: at, actor: actor, organisation: organisation, action: action, object: object, outcome: outcome)
            }
        }
    }

    private func append(on db: any Database, at: Date, actor: String, organisation: String?, action: String, object: String,
                        outcome: String) async throws {
        let chain = organisation ?? "platform"
        let last = try await AuditEventModel.query(on: db).filter(\.$chain == chain).sort(\.$seq, .descending).first()
        let previous = last.map(Self.event)
        let e = AuditEvent(chain: chain, after: previous, at: Self.formatter.format(at), actor: actor, organisation: organisation,
                           action: action, object: object, outcome: outcome)
        let m = AuditEventModel()
        m.chain = e.chain; m.seq = e.seq; m.at = e.at; m.actor = e.actor; m.organisation = e.organisation
        m.action = e.action; m.object = e.object; m.outcome = e.outcome; m.previousHash = e.previousHash; m.hash = e.hash
        try await m.save(on: db)
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
