/// The linkage spec: the versioned, shared description of how each dataset's columns are
/// treated, agreed by every provider in a project. Columns not named are dropped.
///
/// ```json
/// { "format": "linkhaven-spec/1", "project": "school-readiness-vange", "version": 1,
///   "datasets": [ { "name": "housing", "recordId": "claim_ref",
///     "columns": [ { "column": "surname", "role": "identifier", "normaliser": "name" } ] } ] }
/// ```
public struct LinkageSpec: Codable, Sendable, Equatable {
    /// The format tag this version of Linkhaven reads.
    public static let currentFormat = "linkhaven-spec/1"
    /// Always ``currentFormat``.
    public var format: String
    /// The project identifier; keys are derived per project, so it must match across providers.
    public var project: String
    /// The spec's own version, recorded in every manifest; bump it on any change.
    public var version: Int
    /// What the spec is for.
    public var description: String?
    /// Options for every date normaliser in the spec.
    public var dates: DateNormaliser?
    /// The datasets.
    public var datasets: [DatasetSpec]
}

/// How one provider's dataset is pseudonymised.
public struct DatasetSpec: Codable, Sendable, Equatable {
    /// The dataset's name, e.g. `housing`.
    public var name: String
    /// The column holding the provider's own record id; it never leaves the provider (it goes
    /// into the vault and becomes a `record_token`). Without it, the line number is used.
    public var recordId: String?
    /// Column treatments; any column not named here is dropped.
    public var columns: [ColumnSpec]
    /// CLKs (keyed Bloom-filter encodings) to make.
    public var clks: [CLKSpec]?
    /// Blocking keys to make.
    public var blockingKeys: [BlockingKeySpec]?
    /// OpenPseudonymiser-compatible digests to make.
    public var digests: [DigestSpec]?
}

/// What happens to one column.
public enum ColumnRole: String, Codable, Sendable, CaseIterable {
    /// Normalised and encoded (token, name-part tokens, CLK and blocking input); never output as is.
    case identifier
    /// Generalised (e.g. date of birth to year, postcode to sector) and output.
    case quasiIdentifier
    /// Output as it is.
    case attribute
    /// Not output (the same as not naming the column).
    case drop
}

/// One column's treatment.
public struct ColumnSpec: Codable, Sendable, Equatable {
    /// The CSV header of the column.
    public var column: String
    /// What happens to it.
    public var role: ColumnRole
    /// The shared linkage field name (identifiers): keys are per field, so two providers'
    /// `dob` and `date_of_birth` columns both say `"field": "date_of_birth"` to get equal tokens.
    /// Defaults to the column name.
    public var field: String?
    /// The normaliser (identifiers and quasi-identifiers).
    public var normaliser: Normaliser?
    /// Whether to output a token column `<field>_token` (identifiers; default true).
    public var token: Bool?
    /// Whether to output `<field>_parts`: a token per name part, space-separated, sorted (names).
    public var nameParts: Bool?
    /// Whether a missing value is a problem (default false).
    public var required: Bool?
    /// How a quasi-identifier is generalised.
    public var generalise: Generalisation?
    /// The output column name (quasi-identifiers and attributes; default the column name).
    public var output: String?
    /// Further columns joined to `column` (with ", ") before normalising, e.g. the other lines
    /// and the postcode of an address split over several columns.
    public var alsoColumns: [String]?
    /// What an attribute holds, as the agreement describes it; the breach guard judges each value
    /// against it (learned from the file when left out).
    public var type: AttributeType?
    /// An attribute's agreed code list: any other value is out of profile, and a leak when it also
    /// looks like a name or other identifier.
    public var values: [String]?

    /// The linkage field this column feeds.
    public var fieldName: String { field ?? column }
    /// The output name for quasi-identifiers and attributes.
    public var outputName: String { output ?? column }
}

/// How a quasi-identifier is generalised.
public struct Generalisation: Codable, Sendable, Equatable {
    /// One of `year`, `yearMonth` (dates), `ageBand` (dates, with `referenceDate` and `bands`),
    /// `area`, `district`, `sector` (postcodes and addresses), or `lookup` (postcodes, with `lookup`).
    public var to: String
    /// For `ageBand`: the date ages are taken at (ISO `yyyy-mm-dd`).
    public var referenceDate: String?
    /// For `ageBand`: the lower bounds of the bands in years, ascending, e.g. `[0, 5, 11, 16, 18]`.
    public var bands: [Int]?
    /// For `lookup`: a CSV mapping postcodes to small areas.
    public var lookup: LookupSpec?
}

/// A user-supplied lookup CSV (e.g. postcode → LSOA or ward).
public struct LookupSpec: Codable, Sendable, Equatable {
    /// The CSV file, relative to the spec file.
    public var file: String
    /// The column holding postcodes.
    public var key: String
    /// The column holding the area code to output.
    public var value: String
}

/// A CLK to make from several identifier fields.
public struct CLKSpec: Codable, Sendable, Equatable {
    /// The output column name, e.g. `person_clk`.
    public var name: String
    /// Filter length in bits (multiple of 64; default 1024).
    public var bits: Int?
    /// `random` (default) or `double` hashing.
    public var hashing: String?
    /// Hardening options.
    public var hardening: CLKHardeningSpec?
    /// The fields, each with its q-gram settings.
    public var fields: [CLKFieldSpec]
}

/// Hardening as written in a spec.
public struct CLKHardeningSpec: Codable, Sendable, Equatable {
    /// See ``CLKHardening/balance``.
    public var balance: Bool?
    /// See ``CLKHardening/xorFold``.
    public var xorFold: Bool?
    /// Record salting: the field (and optionally a part of it, such as `year`) whose value is
    /// mixed into every q-gram's hash, so that records with different salts never share bits.
    public var saltField: String?
    /// The part of the salt field to use (e.g. `year` of a date of birth).
    public var saltPart: String?
}

/// One field's part in a CLK.
public struct CLKFieldSpec: Codable, Sendable, Equatable {
    /// The linkage field.
    public var field: String
    /// A named part of the normalised value to use instead of the whole (e.g. an address's `street`).
    public var part: String?
    /// q-gram length (default 2).
    public var q: Int?
    /// Hash functions per q-gram: the field's weight (default 10).
    public var k: Int?
    /// Whether q-grams carry their position (for dates and codes; default false).
    public var positional: Bool?
}

/// A blocking key: a keyed token of coarse values for the matcher to block on.
public struct BlockingKeySpec: Codable, Sendable, Equatable {
    /// The output column name, e.g. `bk_surname_yob`.
    public var name: String
    /// The parts, concatenated; a record missing any part has no key.
    public var parts: [BlockingPartSpec]
}

/// One part of a blocking key.
public struct BlockingPartSpec: Codable, Sendable, Equatable {
    /// The linkage field.
    public var field: String
    /// `value`, `soundex`, `initial`, or a part name (`year`, `yearMonth`, `area`, `district`,
    /// `sector`, `postcode`, `street`, …). Default `value`.
    public var transform: String?
}

/// An OpenPseudonymiser-compatible digest column.
public struct DigestSpec: Codable, Sendable, Equatable {
    /// The output column name.
    public var name: String
    /// The CSV columns whose raw values go into the digest.
    public var columns: [String]
    /// A file holding the plain-text salt, relative to the spec (keep it 0600).
    public var saltFile: String
}
