/// A linkage configuration: which pseudonymised datasets, how candidate pairs are found, which
/// deterministic passes run first, how records are compared, and the thresholds. Versioned JSON.
public struct LinkConfig: Codable, Sendable, Equatable {
    public static let currentFormat = "linkhaven-link/1"
    public var format: String
    /// The datasets, in order.
    public var datasets: [DatasetInput]
    /// `linkAndDedupe` (default), `linkOnly` (pairs across datasets only) or `dedupe` (within datasets only).
    public var linkType: String?
    /// Deterministic passes, in order: pairs agreeing exactly on every column of a pass are linked by it.
    public var deterministic: [DeterministicPass]?
    /// Blocking rules: a pair is a candidate if, for any rule, the two records agree on every column of it.
    public var blocking: [[String]]
    /// Comparisons for the probabilistic model.
    public var comparisons: [ComparisonSpec]
    /// Training: blocking rules for EM (each estimates m for comparisons not in it) and the u sample size.
    public var training: TrainingSpec?
    /// Links at or above `match` probability are accepted; between `review` and `match` go to clerical review.
    public var thresholds: Thresholds?
    /// Clustering into persons and households.
    public var clustering: ClusteringSpec?

    /// One input file.
    public struct DatasetInput: Codable, Sendable, Equatable {
        public var name: String
        public var file: String
        /// The provider says its records are unique (no duplicates): at most one record of this dataset per person.
        public var unique: Bool?
    }
    /// A deterministic pass.
    public struct DeterministicPass: Codable, Sendable, Equatable {
        public var name: String
        public var columns: [String]
    }
    /// Training settings.
    public struct TrainingSpec: Codable, Sendable, Equatable {
        public var emBlocking: [[String]]?
        public var uSampleSize: Int?
        public var iterations: Int?
    }
    /// Probability thresholds.
    public struct Thresholds: Codable, Sendable, Equatable {
        public var match: Double?
        public var review: Double?
    }
    /// Clustering settings.
    public struct ClusteringSpec: Codable, Sendable, Equatable {
        /// Links between two clusters that already have several records need at least this probability.
        public var bridge: Double?
        /// Columns that identify an address (token columns), and a CLK column with a Dice threshold, for households.
        public var addressToken: String?
        public var addressCLK: String?
        public var addressDice: Double?
        /// The blocking column for address comparison (e.g. a postcode token).
        public var addressBlock: String?
    }
}

/// One comparison: ordered levels, the first that holds decides; a missing value gives the null
/// level (no evidence); no level holding gives "else".
public struct ComparisonSpec: Codable, Sendable, Equatable {
    public var name: String
    /// Columns whose absence in either record makes the comparison null.
    public var null: [String]
    public var levels: [LevelSpec]
}

/// A comparison level: exactly one of `token` (equal tokens), `parts` (a shared name part) or
/// `clk` with `dice` (Dice similarity at least this).
public struct LevelSpec: Codable, Sendable, Equatable {
    public var label: String
    public var token: String?
    public var parts: String?
    public var clk: String?
    public var dice: Double?
    /// Term-frequency adjustment on an exact token level.
    public var tf: Bool?
}
