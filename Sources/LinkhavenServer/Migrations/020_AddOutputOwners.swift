import Fluent
import Foundation
import Vapor

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
