import Foundation

/// The run report: counts per pass, rule and provider pair, the match-weight distribution, the
/// blocking analysis, the model's parameters and timings. Written as JSON; drawn by the web UI.
public struct LinkageReport: Codable, Sendable {
    public static let histogramBins = 81   // weights −40…+40 in steps of 1
    static func bin(_ w: Double) -> Int { min(max(Int((w + 40).rounded()), 0), histogramBins - 1) }

    public struct Pass: Codable, Sendable { public var name: String; public var links: Int }
    public struct Rule: Codable, Sendable {
        public var rule: String
        public var candidatePairs: Int
        public var links: Int
        /// Links no other rule would have found: the recall the run would lose without this rule.
        public var linksOnlyThisRule: Int
        public var oversizeRecordsSkipped: Int
    }

    public var records: Int
    public var datasets: [String]
    public var passes: [Pass] = []
    public var candidatePairs: [Int] = []
    public var blocking: [Rule] = []
    public var links = 0, reviewPairs = 0, refusedLinks = 0
    /// Clerical decisions the run followed, and model links they removed.
    public var clericalMatches = 0, clericalNonMatches = 0, linksRemovedByReview = 0
    /// The model's own estimate of precision: the mean match probability of the accepted links
    /// (deterministic and clerical links count as certain). Check it against clerical review.
    public var expectedPrecision: Double?
    /// The model's own estimate of recall among blocked candidates: the expected true matches it
    /// accepted over those it scored (deterministic links count as certain on both sides). Pairs no
    /// blocking rule brings together are outside it; the blocking analysis shows what each rule adds.
    public var expectedRecall: Double?
    public var linksByDatasetPair: [String: Int] = [:]
    public var persons = 0, households = 0
    /// Counts of candidate pairs by match weight, from −40 (index 0) to +40.
    public var weightHistogram = [Int](repeating: 0, count: histogramBins)
    public var model: FellegiSunterModel?
    /// The match and clerical-review thresholds the run used (chosen by the design when it had no config).
    public var thresholds: LinkConfig.Thresholds?
    /// The design the engine chose, when the run had no link config.
    public var design: LinkDesign?
    public var seconds: [String: Double] = [:]
    /// The most memory the process had held resident by the end of each stage, in bytes (Linux; nil elsewhere
    /// and in reports written before it was measured).
    public var peakMemory: [String: Int]?

    /// Records that stage `name` took `seconds`, and the memory high-water mark at its end (`peak`, measured now
    /// unless given).
    mutating func stage(_ name: String, seconds: Double, peak: Int? = System.peakMemoryBytes()) {
        self.seconds[name] = seconds
        if let peak { peakMemory = (peakMemory ?? [:]).merging([name: peak]) { $1 } }
    }

    init(records: Int, datasets: [String]) {
        self.records = records
        self.datasets = datasets
    }

    mutating func finish(_ run: LinkageRun, blocking index: BlockingIndex) {
        links = run.links.count
        reviewPairs = run.review.count
        expectedPrecision = run.links.isEmpty ? nil : run.links.reduce(0.0) { $0 + Double($1.probability) } / Double(run.links.count)
        let certain = Double(run.links.filter { $0.pass != -1 }.count)
        let accepted = run.links.filter { $0.pass == -1 }.reduce(0.0) { $0 + Double($1.probability) }
        expectedRecall = run.scoredMass + certain > 0 ? min(1, (accepted + certain) / (run.scoredMass + certain)) : nil
        model = run.model
        thresholds = run.config.resolvedThresholds
        design = run.design
        for l in run.links {
            let a = run.table.datasets[Int(run.table.datasetOf[Int(l.i)])], b = run.table.datasets[Int(run.table.datasetOf[Int(l.j)])]
            linksByDatasetPair[LinkageEvaluation.pairName(a, b), default: 0] += 1
        }
        persons = Set(run.persons).count
        households = Set(run.households).count
        blocking = (0..<index.ruleCount).map { r in
            let mine = run.links.filter { Int($0.rule) == r }
            let only = mine.filter { l in (0..<index.ruleCount).allSatisfy { $0 == r || !index.agree($0, Int(l.i), Int(l.j)) } }.count
            return Rule(rule: index.ruleName(r), candidatePairs: r < candidatePairs.count ? candidatePairs[r] : 0, links: mine.count,
                        linksOnlyThisRule: only, oversizeRecordsSkipped: index.oversizeRecords(r))
        }
    }
}
