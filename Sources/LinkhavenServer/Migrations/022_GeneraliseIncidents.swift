import Fluent
import Foundation

/// Incidents of any kind, not only the breach guard's: what happened, when it was discovered, the
/// datasets, outputs and organisations affected, severity and likelihood of harm, who decides on
/// reporting to the ICO; and a timeline (actions, containment, each partner's view, the decision).
/// Breach-guard incidents recorded before become incidents of the kind `unpseudonymised`.
struct GeneraliseIncidents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("incidents").field("kind", .string, .required, .sql(.default(IncidentKind.unpseudonymised.rawValue))).update()
        try await db.schema("incidents").field("description", .string, .required, .sql(.default(""))).update()
        try await db.schema("incidents").field("datasets", .string, .required, .sql(.default("[]"))).update()
        try await db.schema("incidents").field("outputs", .string, .required, .sql(.default("[]"))).update()
        try await db.schema("incidents").field("affected", .string, .required, .sql(.default("[]"))).update()
        try await db.schema("incidents").field("controller", .uuid).update()
        try await db.schema("incidents").field("severity", .int, .required, .sql(.default(3))).update()
        try await db.schema("incidents").field("likelihood", .int, .required, .sql(.default(3))).update()
        try await db.schema("incidents").field("discovered_at", .datetime).update()
        try await db.schema("incidents").field("recorded_by", .uuid).update()
        try await db.schema("incident_entries").id().field("incident_id", .uuid, .required, .references("incidents", "id"))
            .field("kind", .string, .required).field("organisation", .uuid).field("user_id", .uuid).field("text", .string, .required)
            .field("report", .bool).field("reference", .string, .required).field("created_at", .datetime, .required).create()
        for i in try await Incident.query(on: db).all() {
            i.datasets = Incident.encode([i.dataset]); i.affected = Incident.encode([i.organisation]); i.controller = i.organisation
            i.discoveredAt = i.createdAt
            try await i.save(on: db)
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema("incident_entries").delete()
        for f in ["recorded_by", "discovered_at", "likelihood", "severity", "controller", "affected", "outputs", "datasets", "description", "kind"] {
            try await db.schema("incidents").deleteField(.string(f)).update()
        }
    }
}
