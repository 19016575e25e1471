import Foundation

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
    /// Pure CLK linkage instead of the model, as anonlink does: every pair across the two datasets
    /// with Dice ≥ `threshold` on `column`, solved one-to-one (highest first).
    public var clkOnly: CLKOnly?

    /// Settings of the pure CLK mode.
    public struct CLKOnly: Codable, Sendable, Equatable {
        public var column: String
        public var threshold: Double
    }

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
        /// For each `emBlocking` rule, comparisons (by name) it fixes besides those reading its columns — e.g. a
        /// CLK of several fields, which a rule on one of those fields makes agree.
        public var emFixed: [[String]]?
        public var uSampleSize: Int?
        public var iterations: Int?
        /// A strict rule (token columns) for the prior: P(match) for two random records is estimated as
        /// the share of all pairs agreeing on it, divided by `priorRecall` (the share of true matches
        /// it is assumed to catch; default 0.6). Without it, the prior is estimated among candidate pairs.
        public var priorRule: [String]?
        public var priorRecall: Double?
        /// Pairs of comparisons (by name) whose first levels are not independent evidence, e.g.
        /// `[["surname", "where they live"]]`: a correction is estimated for pairs at both (see `FellegiSunterModel.Dependence`).
        public var dependent: [[String]]?
        /// Give each EM session whose rule fixes one of a `dependent` pair a third class besides match and
        /// non-match — *family*: pairs agreeing on the rule and on its dependent partner, otherwise like random
        /// pairs — so that brothers and sisters found by a rule on surname are not learned as matches.
        public var families: Bool?
    }
    /// Probability thresholds.
    public struct Thresholds: Codable, Sendable, Equatable {
        public var match: Double?
        public var review: Double?
        /// The probabilities a run with an expert config uses where it sets none.
        public static let defaultMatch = 0.9, defaultReview = 0.5
    }
    /// Both thresholds a run uses, defaults filled in where the config sets none.
    public var resolvedThresholds: Thresholds {
        Thresholds(match: thresholds?.match ?? Thresholds.defaultMatch, review: thresholds?.review ?? Thresholds.defaultReview)
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

extension LinkConfig {
    static let knownKeys = ["format", "datasets", "name", "file", "unique", "linkType", "deterministic", "columns", "blocking",
                            "comparisons", "null", "levels", "label", "token", "parts", "clk", "dice", "tf", "training", "emBlocking", "emFixed",
                            "uSampleSize", "iterations", "priorRule", "priorRecall", "dependent", "thresholds", "match", "review", "clustering", "bridge", "addressToken",
                            "addressCLK", "addressDice", "addressBlock", "clkOnly", "column", "threshold"]

    /// Reads a config strictly (errors name their line) and checks its settings.
    public static func load(data: Data, file: String) throws -> LinkConfig {
        let (c, _) = try SpecLoader.strictDecode(LinkConfig.self, data: data, file: file, knownKeys: knownKeys)
        guard c.format == currentFormat else { throw SpecError(file: file, line: nil, message: "format must be '\(currentFormat)'") }
        guard BlockingIndex.LinkType(rawValue: c.linkType ?? "linkAndDedupe") != nil else {
            throw SpecError(file: file, line: nil, message: "linkType is linkAndDedupe, linkOnly or dedupe")
        }
        if let k = c.clkOnly {
            guard c.datasets.count == 2 else { throw SpecError(file: file, line: nil, message: "clkOnly links exactly two datasets") }
            guard (0...1).contains(k.threshold) else { throw SpecError(file: file, line: nil, message: "clkOnly.threshold must be from 0 to 1") }
            return c
        }
        guard !c.blocking.isEmpty, c.blocking.allSatisfy({ !$0.isEmpty }) else { throw SpecError(file: file, line: nil, message: "blocking needs at least one non-empty rule") }
        for comp in c.comparisons {
            guard !comp.levels.isEmpty else { throw SpecError(file: file, line: nil, message: "comparison '\(comp.name)' has no levels") }
            for l in comp.levels {
                let kinds = [l.token != nil, l.parts != nil, l.clk != nil].filter { $0 }.count
                guard kinds == 1, (l.clk == nil) == (l.dice == nil) else {
                    throw SpecError(file: file, line: nil, message: "level '\(l.label)' of '\(comp.name)' needs exactly one of token, parts, or clk with dice")
                }
                if let d = l.dice, !(0...1).contains(d) { throw SpecError(file: file, line: nil, message: "dice of '\(l.label)' must be from 0 to 1") }
            }
        }
        for d in c.training?.dependent ?? [] {
            guard d.count == 2, d[0] != d[1], d.allSatisfy({ n in c.comparisons.contains { $0.name == n && $0.levels.first?.token != nil } }) else {
                throw SpecError(file: file, line: nil, message: "each of training.dependent names two comparisons whose first level is a token level")
            }
        }
        if let t = c.thresholds, let m = t.match, let r = t.review, !(0...1).contains(m) || !(0...1).contains(r) || r > m {
            throw SpecError(file: file, line: nil, message: "thresholds need 0 ≤ review ≤ match ≤ 1")
        }
        return c
    }
}
