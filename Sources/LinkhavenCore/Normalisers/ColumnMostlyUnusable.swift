/// Raised when most values of one column fail normalisation: almost always a wrong file, a
/// wrong column, a spec that does not fit the extract, or a lookup that does not cover it, and
/// better found in the first seconds than after a whole file has been pseudonymised and uploaded.
/// Nothing is written. It names the column, the count and the commonest reason, never a value.
public struct ColumnMostlyUnusable: Error, CustomStringConvertible, Sendable, Equatable {
    /// The column (its CSV header).
    public let column: String
    /// Values of it that could not be used, of the rows read so far.
    public let failed: Int, rows: Int
    /// The commonest reason, e.g. "has a postcode that is not in the lookup".
    public let reason: String
    /// What probably went wrong, in words.
    public let likelyCause: String

    public var description: String {
        "stopped after \(rows) rows: \(failed) of them (\(Int((Double(failed) / Double(max(rows, 1)) * 100).rounded()))%) have a value in column '\(column)' "
            + "that cannot be used (most often: the value \(reason)). Likely cause: \(likelyCause). Nothing was written."
    }

    /// The likeliest cause of `reason` in a column, from the specs that read it (one column may feed several).
    static func likelyCause(of reason: String, column specs: [ColumnSpec]) -> String {
        if reason.contains("lookup"), let file = specs.lazy.compactMap({ $0.generalise?.lookup?.file }).first {
            return "the lookup file '\(file)' named in the spec (read relative to the spec's folder) does not cover these postcodes; check it is the right, current file"
        }
        if reason.contains("date") || reason.contains("year") {
            return "the column may not hold dates in a form the spec's normaliser reads (e.g. month and day swapped, or another column)"
        }
        if reason.contains("postcode") { return "the column may not hold postcodes: check the spec maps the right header" }
        if reason.contains("UTF-8") { return "the file is not UTF-8: try --encoding windows-1252" }
        if reason.contains("missing") { return "the column is mostly empty: is it the right column, or the right extract?" }
        return "the column may hold something else than the spec expects: check the spec's column names against the file's header"
    }
}

/// Counts each column's unusable values as a run goes, to stop early when one is mostly unusable.
struct UnusableColumnWatch {
    let limit: Double, minimumRows: Int
    let columns: [String: [ColumnSpec]]
    private var reasons: [String: [String: Int]] = [:]

    init(limit: Double, minimumRows: Int, spec: DatasetSpec) {
        self.limit = limit; self.minimumRows = minimumRows
        columns = Dictionary(grouping: spec.columns, by: \.column)
    }

    mutating func add(_ p: RowProblem) { reasons[p.column, default: [:]][p.reason, default: 0] += 1 }

    /// The first column over the limit after `rows` rows, if any.
    func check(rows: Int) -> ColumnMostlyUnusable? {
        guard rows >= minimumRows else { return nil }
        for (column, byReason) in reasons.sorted(by: { $0.key < $1.key }) {
            let failed = byReason.values.reduce(0, +)
            guard Double(failed) > limit * Double(rows), let top = byReason.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { continue }
            return ColumnMostlyUnusable(column: column, failed: failed, rows: rows, reason: top.key,
                                        likelyCause: ColumnMostlyUnusable.likelyCause(of: top.key, column: columns[column] ?? []))
        }
        return nil
    }
}
