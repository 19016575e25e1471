import Fluent
import Foundation
import SQLKit

/// An audit event stored with the change it records, in the change's transaction, until its chain's
/// writer appends it (and deletes this row in the same transaction, so it is chained exactly once).
final class AuditOutboxEntry: Model, @unchecked Sendable {
    static let schema = "audit_outbox"
    @ID(key: .id) var id: UUID?
    /// The chain it joins: an organisation's id, or "platform".
    @Field(key: "chain") var chain: String
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @OptionalField(key: "organisation") var organisation: String?
    @Field(key: "action") var action: String
    @Field(key: "object") var object: String
    @Field(key: "outcome") var outcome: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $chain, $at, $actor, $organisation, $action, $object, $outcome] }
    init() {}

    /// Deletes the rows of `ids` that are still here and returns those it deleted: the caller, in the
    /// transaction that chains them, chains only these (another writer got to the rest first).
    static func claim(_ ids: [UUID], on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        guard let sql = db as? any SQLDatabase else {
            let found = try await query(on: db).filter(\.$id ~~ ids).all().compactMap(\.id)
            try await query(on: db).filter(\.$id ~~ found).delete()
            return Set(found)
        }
        let rows = try await sql.delete(from: schema).where("id", .in, ids).returning("id").all()
        return Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
    }
}
