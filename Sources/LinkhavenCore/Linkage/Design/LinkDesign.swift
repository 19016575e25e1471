/// A linkage design the engine chose for itself from the spec and the data, with the measurements behind
/// each choice: what `linkhaven link --explain` prints, `design.json` holds, and the run page draws.
/// Nothing in it identifies anyone: counts, rates, probabilities and column names.
public struct LinkDesign: Codable, Sendable, Equatable {
    /// One comparison the design uses, and where its levels come from.
    public struct Comparison: Codable, Sendable, Equatable {
        public var name: String
        /// The linkage fields it reads.
        public var fields: [String]
        /// Its levels, strongest first (the last, "else", is implied).
        public var levels: [String]
        /// Why it looks as it does (e.g. "no CLK of date_of_birth: exact only").
        public var note: String?
    }

    /// One blocking rule the designer measured.
    public struct Rule: Codable, Sendable, Equatable {
        public var columns: [String]
        /// Candidate pairs it gives on its own, and per record.
        public var pairs: Int
        public var pairsPerRecord: Double
        /// Records left out because their block was larger than the largest enumerated.
        public var oversizeRecords: Int
        /// Estimated share of the probable matches any measured rule finds that this rule finds (nil: too
        /// broad to sample).
        public var recall: Double?
        /// Estimated recall of the chosen rules up to and including this one (chosen rules only).
        public var cumulativeRecall: Double?
        public var chosen: Bool
        /// Why it was chosen or left out.
        public var reason: String
    }

    /// One EM training session.
    public struct TrainingRule: Codable, Sendable, Equatable {
        public var columns: [String]
        public var pairs: Int
        /// The comparisons whose m it estimates (every one it does not fix).
        public var estimates: [String]
        /// With a family class: the comparisons a family agrees on, like a match, besides the rule's own (nil: none).
        public var familyShares: [String]?
    }

    /// The prior's derivation.
    public struct Prior: Codable, Sendable, Equatable {
        public var rule: [String]
        public var agreeingPairs: Int
        /// The share of true matches the model expects to agree on every column of the rule.
        public var estimatedRuleRecall: Double
        public var prior: Double
    }

    /// The model's own estimate of precision and recall if links were accepted from `probability` up.
    public struct ThresholdPoint: Codable, Sendable, Equatable {
        public var weight: Double, probability: Double
        public var pairs: Int
        public var precision: Double, recall: Double, f1: Double
    }

    /// The config that reproduces the run exactly (`--write-config`).
    public var config: LinkConfig
    public var comparisons: [Comparison]
    public var rules: [Rule]
    /// Estimated recall of the chosen blocking rules among the probable matches of every sampled rule.
    public var blockingRecall: Double?
    public var training: [TrainingRule]
    public var prior: Prior?
    /// Estimated precision and recall against threshold (empty until the pairs are scored).
    public var curve: [ThresholdPoint] = []
    /// What the data lacked and what the design did about it.
    public var notes: [String]

    /// The model's expectation at the chosen match threshold: the curve's point nearest it.
    public var atThreshold: ThresholdPoint? {
        guard let match = config.thresholds?.match else { return nil }
        return curve.min { abs($0.probability - match) < abs($1.probability - match) }
    }
}
