import Fluent
import Foundation
import Vapor

/// Small-area boundaries (GeoJSON) a project supplies for its maps.
struct AddBoundaries: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("projects").field("boundaries", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws { try await db.schema("projects").deleteField("boundaries").update() }
}
