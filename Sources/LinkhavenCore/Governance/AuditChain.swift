import Crypto
import Foundation

/// One audit event: who did what to which object, when, with what outcome — never a raw identifier.
/// Events form hash chains (one per organisation, and one for the platform): each event's hash
/// covers its fields and the previous event's hash, so editing, deleting or reordering any event
/// breaks every link after it.
public struct AuditEvent: Codable, Sendable, Equatable {
    public var chain: String
    public var seq: Int
    public var at: String
    public var actor: String
    public var organisation: String?
    public var action: String
    public var object: String
    public var outcome: String
    public var previousHash: String
    public var hash: String

    /// The hash before any event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of an event's fields and its predecessor's hash (SHA-256 of a JSON array, hex).
    public static func computeHash(chain: String, seq: Int, at: String, actor: String, organisation: String?, action: String,
                                   object: String, outcome: String, previousHash: String) -> String {
        let fields = ["linkhaven-audit-v1", chain, String(seq), at, actor, organisation ?? "", action, object, outcome, previousHash]
        let data = (try? JSONEncoder().encode(fields)) ?? Data()
        return Hex.encode(SHA256.hash(data: data))
    }

    /// An event as stored, hash included (check it with ``hashIsValid``).
    public init(chain: String, seq: Int, at: String, actor: String, organisation: String?, action: String, object: String,
                outcome: String, previousHash: String, hash: String) {
        self.chain = chain; self.seq = seq; self.at = at; self.actor = actor; self.organisation = organisation
        self.action = action; self.object = object; self.outcome = outcome; self.previousHash = previousHash; self.hash = hash
    }

    /// An event that follows `previous` (or starts the chain), with its hash.
    public init(chain: String, after previous: AuditEvent?, at: String, actor: String, organisation: String?, action: String,
                object: String, outcome: String) {
        self.chain = chain
        seq = (previous?.seq ?? 0) + 1
        self.at = at
        self.actor = actor
        self.organisation = organisation
        self.action = action
        self.object = object
        self.outcome = outcome
        previousHash = previous?.hash ?? Self.genesis
        hash = Self.computeHash(chain: chain, seq: seq, at: at, actor: actor, organisation: organisation, action: action,
                                object: object, outcome: outcome, previousHash: previousHash)
    }

    /// Whether the stored hash matches the fields.
    public var hashIsValid: Bool {
        hash == Self.computeHash(chain: chain, seq: seq, at: at, actor: actor, organisation: organisation, action: action,
                                 object: object, outcome: outcome, previousHash: previousHash)
    }
}

/// A signed statement by the platform that a chain's event `seq` has hash `hash`: it fixes the
/// chain's head, so dropping events from the end is detected too.
public struct AuditCheckpoint: Codable, Sendable, Equatable {
    public var chain: String
    public var seq: Int
    public var hash: String
    public var at: String
    /// Ed25519 signature (base64url) over ``message``.
    public var signature: String

    /// What is signed.
    public static func message(chain: String, seq: Int, hash: String, at: String) -> Data {
        Data("linkhaven-audit-checkpoint-v1|\(chain)|\(seq)|\(hash)|\(at)".utf8)
    }

    /// A checkpoint as stored.
    public init(chain: String, seq: Int, hash: String, at: String, signature: String) {
        self.chain = chain; self.seq = seq; self.hash = hash; self.at = at; self.signature = signature
    }

    /// A checkpoint of `event`, signed with `key`.
    public init(of event: AuditEvent, at: String, key: Curve25519.Signing.PrivateKey) throws {
        chain = event.chain
        seq = event.seq
        hash = event.hash
        self.at = at
        signature = Base64URL.encode(Array(try key.signature(for: Self.message(chain: chain, seq: seq, hash: hash, at: at))))
    }

    /// Whether the signature is the platform's.
    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let sig = Base64URL.decode(signature) else { return false }
        return key.isValidSignature(sig, for: Self.message(chain: chain, seq: seq, hash: hash, at: at))
    }
}

/// An organisation's exported slice of the audit log, verifiable offline.
public struct AuditExport: Codable, Sendable, Equatable {
    public static let currentFormat = "linkhaven-audit/1"
    public var format: String
    public var chain: String
    /// The platform's Ed25519 public key (base64url); compare it with the one the platform publishes.
    public var publicKey: String
    public var events: [AuditEvent]
    public var checkpoints: [AuditCheckpoint]

    public init(chain: String, publicKey: String, events: [AuditEvent], checkpoints: [AuditCheckpoint]) {
        format = Self.currentFormat
        self.chain = chain
        self.publicKey = publicKey
        self.events = events
        self.checkpoints = checkpoints
    }
}

/// Verifies an export: every event's hash, every link, the sequence, and every checkpoint.
public enum AuditVerifier {
    /// The outcome: valid, or the first broken link.
    public enum Result: Equatable, Sendable {
        case valid(events: Int, lastCheckpoint: Int?)
        case broken(seq: Int, reason: String)
    }

    /// Verifies `export` against the platform key `trusted` (the export's own key when `nil`, which
    /// only proves the export is internally consistent).
    public static func verify(_ export: AuditExport, trusted: Curve25519.Signing.PublicKey? = nil) -> Result {
        var previous: AuditEvent? = nil
        var hashes: [Int: String] = [:]
        for (i, e) in export.events.enumerated() {
            let expectedSeq = (previous?.seq ?? 0) + 1
            if e.chain != export.chain { return .broken(seq: e.seq, reason: "event belongs to another chain") }
            if e.seq != expectedSeq { return .broken(seq: expectedSeq, reason: i == 0 ? "the chain does not start at 1" : "event \(expectedSeq) is missing or out of order (found \(e.seq))") }
            if e.previousHash != (previous?.hash ?? AuditEvent.genesis) { return .broken(seq: e.seq, reason: "does not link to the event before it") }
            if !e.hashIsValid { return .broken(seq: e.seq, reason: "its contents do not match its hash (edited)") }
            hashes[e.seq] = e.hash
            previous = e
        }
        guard let raw = Base64URL.decode(export.publicKey), let ownKey = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            return .broken(seq: 0, reason: "the export's public key is malformed")
        }
        let key = trusted ?? ownKey
        var last: Int? = nil
        for c in export.checkpoints {
            guard c.chain == export.chain, c.isSigned(by: key) else { return .broken(seq: c.seq, reason: "checkpoint at \(c.seq) is not signed by the platform key") }
            guard let h = hashes[c.seq] else { return .broken(seq: c.seq, reason: "events up to the signed checkpoint at \(c.seq) are missing (truncated)") }
            guard h == c.hash else { return .broken(seq: c.seq, reason: "event \(c.seq) differs from the signed checkpoint") }
            last = max(last ?? 0, c.seq)
        }
        return .valid(events: export.events.count, lastCheckpoint: last)
    }
}
