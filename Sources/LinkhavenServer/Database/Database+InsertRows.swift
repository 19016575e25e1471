import Fluent
import SQLKit

extension Database {
    /// Inserts `rows` into `table` in one statement through SQLKit, each row's values in the order of
    /// `columns`. For bulk results only: no Fluent model is built per row (Fluent reflects over every
    /// model's properties to build and read it, which costs more CPU than the insert itself, on the
    /// threads the requests run on), and values are bound exactly as Fluent would bind them.
    func insertRows(_ table: String, columns: [String], _ rows: [[any Encodable & Sendable]]) async throws {
        guard !rows.isEmpty else { return }
        guard let sql = self as? any SQLDatabase else { throw FluentError.invalidField(name: table, valueType: Any.self, error: SQLNeeded()) }
        let insert = sql.insert(into: table).columns(columns)
        for row in rows {
            precondition(row.count == columns.count, "a row of \(row.count) values for \(columns.count) columns")
            insert.values(row)
        }
        try await insert.run()
    }
}

/// `insertRows` was given a database that does not speak SQL.
private struct SQLNeeded: Error {}
