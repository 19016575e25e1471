/// The manifest that travels with a pseudonymised file: which spec and key made it, what it
/// holds, how many rows had problems, and the file's hash. Versioned; read by the platform.
public struct PseudonymisationManifest: Codable, Sendable, Equatable {
    /// The manifest format tag.
    public static let currentFormat = "linkhaven-manifest/1"
    /// Always ``currentFormat``.
    public var format: String
    /// The tool that made the file.
    public var toolVersion: String
    /// When the file was made (ISO 8601, UTC).
    public var createdAt: String
    /// The project, spec version and SHA-256 of the spec file.
    public var project: String, specVersion: Int, specSHA256: String
    /// The dataset.
    public var dataset: String
    /// The project key's fingerprint (never the key).
    public var keyFingerprint: String
    /// The output file's name and SHA-256.
    public var file: String, fileSHA256: String
    /// Output columns, in order.
    public var columns: [String]
    /// Input columns that were dropped.
    public var droppedColumns: [String]
    /// Row counts.
    public var rows: RowCounts
    /// Problems per input column (header name → count).
    public var problemsByColumn: [String: Int]
    /// What happened to rows with problems.
    public var problemPolicy: ProblemPolicy

    /// Counts of rows read, written and skipped, and of rows with any problem.
    public struct RowCounts: Codable, Sendable, Equatable {
        public var read: Int, written: Int, skipped: Int, withProblems: Int
    }
}

extension PseudonymisationManifest {
    /// The manifest of a finished run of `plan`.
    public init(plan: DatasetPlan, summary: PseudonymisationSummary, specSHA256: String, outputFileName: String,
                createdAt: String, policy: ProblemPolicy) {
        format = Self.currentFormat
        toolVersion = LinkhavenVersion.current
        self.createdAt = createdAt
        project = plan.spec.project
        specVersion = plan.spec.version
        self.specSHA256 = specSHA256
        dataset = plan.dataset.name
        keyFingerprint = plan.keyFingerprint
        file = outputFileName
        fileSHA256 = summary.outputSHA256
        columns = plan.outputHeader
        droppedColumns = plan.droppedColumns
        rows = summary.rows
        problemsByColumn = summary.problemsByColumn
        problemPolicy = policy
    }
}
