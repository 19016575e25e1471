/// The data quality report of one accepted upload: per column completeness, validity, distinct
/// values and duplicates, CLK fill rates, value ranges, and how many rows can be matched at all.
/// Aggregates only: it never holds a value from the file except ranges of generalised columns.
public struct DataQualityReport: Codable, Sendable, Equatable {
    /// The format tag.
    public static let currentFormat = "linkhaven-quality/1"
    /// Always ``currentFormat``.
    public var format: String
    /// The dataset's name.
    public var dataset: String
    /// Data rows.
    public var rows: Int
    /// One entry per column, in file order.
    public var columns: [ColumnQuality]
    /// Share of rows with at least one match key (token, name parts, CLK, blocking key or digest).
    public var matchKeyCoverage: Double
    /// Rows with no match key at all: they can never be linked.
    public var rowsWithoutMatchKey: Int
    /// Record tokens that appear more than once (the same source record sent twice).
    public var duplicateRecordTokens: Int
    /// Plain-English warnings for the provider and partners.
    public var warnings: [String]

    /// Quality of one column.
    public struct ColumnQuality: Codable, Sendable, Equatable {
        /// The column's name and kind.
        public var name: String, kind: OutputColumn.Kind
        /// Non-empty values, and their share of rows.
        public var filled: Int, completeness: Double
        /// Values valid for the column's kind, and their share of non-empty values. Pseudonyms must be
        /// well-formed; other columns must share the column's dominant type (number, date or text).
        public var valid: Int, validity: Double
        /// Distinct non-empty values (exact when `distinctExact`), and repeated values (filled − distinct).
        public var distinct: Int, distinctExact: Bool, duplicates: Int
        /// For CLKs: the mean share of bits set, and how many have more than 90% set (saturated).
        public var clkMeanFill: Double?, clkSaturated: Int?
        /// For numeric and date columns: the smallest and largest value.
        public var minimum: String?, maximum: String?
        /// The column's dominant type: number, date, text or pseudonym.
        public var type: String
    }
}
