import Fluent
import Foundation

extension QueryBuilder {
    /// The rows this query finds whose id list (`UUIDList` text: an agreement's parties, a partnership's members, an
    /// output's owners) holds `id`: narrowed by the database, then checked exactly, so that a read does not load every
    /// row of the table.
    func holding(_ id: UUID, in list: KeyPath<Model, FieldProperty<Model, String>>) async throws -> [Model] {
        try await filter(list ~~ id.uuidString).all().filter { UUIDList.parse($0[keyPath: list].wrappedValue).contains(id) }
    }
}
