import Fluent
import Foundation
import Vapor

/// Agreements remember when their status last changed, by which organisation and why, so that a
/// suspension can be shown and explained wherever it stops something.
struct AddAgreementStatusRecord: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("agreements").field("status_since", .datetime).update()
        try await db.schema("agreements").field("status_by", .uuid).update()
        try await db.schema("agreements").field("status_reason", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws {
        for f in ["status_reason", "status_by", "status_since"] { try await db.schema("agreements").deleteField(.string(f)).update() }
    }
}

/// An output's owners are fixed when it is made: the organisations that provided the datasets it
/// uses. Outputs made before are given theirs from the datasets' providers.
struct AddOutputOwners: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("analysis_outputs").field("owners", .string, .required, .sql(.default(""))).update()
        for o in try await AnalysisOutput.query(on: db).all() {
            o.owners = try await AnalysisOutput.owners(of: Set(o.datasetNames), project: o.projectID, on: db).map(\.uuidString).joined(separator: ",")
            try await o.save(on: db)
        }
    }
    func revert(on db: any Database) async throws { try await db.schema("analysis_outputs").deleteField("owners").update() }
}
