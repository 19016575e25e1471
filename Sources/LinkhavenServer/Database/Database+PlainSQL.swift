import Fluent
import Foundation
import SQLKit
import Vapor

extension Database {
    /// The rows of one statement written out in SQL, for the reads every page makes (the dashboard's, the
    /// project list's): Fluent builds a query anew on each call — every column selected under an alias, every
    /// identifier quoted again, every row decoded through the model's properties — and on those reads that cost
    /// more than running them. Binds are the dialect's own, so one text serves SQLite and PostgreSQL alike; keep
    /// to SQL both speak (no `ILIKE`, no `RETURNING` here, string concatenation with `||`).
    func rows(_ query: SQLQueryString) async throws -> [any SQLRow] {
        guard let sql = self as? any SQLDatabase else { throw Abort(.internalServerError, reason: "the database does not speak SQL") }
        return try await sql.raw(query).all()
    }
}

extension SQLRow {
    /// The column's value, or `nil` where it is NULL.
    func decodeOptional<D: Decodable>(column: String, as type: D.Type) throws -> D? {
        try decodeNil(column: column) ? nil : try decode(column: column, as: type)
    }
}

extension UUIDList {
    /// A `LIKE` pattern that finds the lists holding `id` (and possibly a few others, to be checked with `parse`).
    static func pattern(_ id: UUID) -> String { "%" + id.uuidString + "%" }
}
