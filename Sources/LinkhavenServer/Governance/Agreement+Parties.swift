import Fluent
import Foundation

extension Agreement {
    /// The agreements `organisation` is a party to: those whose party list holds its id, found by the database, then
    /// checked exactly (the list is text), so that a read does not load and decode every agreement on the platform.
    static func withParty(_ organisation: UUID, on db: any Database) async throws -> [Agreement] {
        try await Agreement.query(on: db).filter(\.$parties ~~ organisation.uuidString).all().filter { $0.partyIDs.contains(organisation) }
    }
}
