import Fluent
import Foundation
import Vapor

/// One stored audit event (see `AuditEvent` in Core for the chain).
final class AuditEventModel: Model, @unchecked Sendable {
    static let schema = "audit_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "chain") var chain: String
    @Field(key: "seq") var seq: Int
    @Field(key: "at") var at: String
    @Field(key: "actor") var actor: String
    @OptionalField(key: "organisation") var organisation: String?
    @Field(key: "action") var action: String
    @Field(key: "object") var object: String
    @Field(key: "outcome") var outcome: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $chain, $seq, $at, $actor, $organisation, $action, $object, $outcome, $previousHash, $hash] }
    init() {}
}

/// One stored checkpoint.
final class AuditCheckpointModel: Model, @unchecked Sendable {
    static let schema = "audit_checkpoints"
    @ID(key: .id) var id: UUID?
    @Field(key: "chain") var chain: String
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String
    @Field(key: "at") var at: String
    @Field(key: "signature") var signature: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $chain, $seq, $hash, $at, $signature] }
    init() {}
}
