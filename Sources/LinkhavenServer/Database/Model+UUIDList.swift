import Fluent
import Foundation

extension Model {
    /// The rows whose id list (`UUIDList` text: an agreement's parties, a partnership's members, an output's owners)
    /// holds `id`: found by the database, then checked exactly, so that a read does not load every row of the table.
    static func holding(_ id: UUID, in list: KeyPath<Self, FieldProperty<Self, String>>, on db: any Database) async throws -> [Self] {
        try await query(on: db).filter(list ~~ id.uuidString).all().filter { UUIDList.parse($0[keyPath: list].wrappedValue).contains(id) }
    }
}
