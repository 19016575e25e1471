import Dispatch
import Foundation

/// One accepted or reviewable link.
public struct Link: Sendable {
    public var i: Int32, j: Int32
    public var probability: Float, weight: Float
    /// The deterministic pass that made it, or −1 for the probabilistic model.
    public var pass: Int16
    /// The blocking rule that produced it (−1 for deterministic links).
    public var rule: Int16
}

/// A whole linkage run over pseudonymised files: deterministic passes, the trained model,
/// scored candidates, person and household clusters, and the report.
public struct LinkageRun {
    public internal(set) var config: LinkConfig
    public let table: LinkageTable
    public var model: FellegiSunterModel
    public let comparator: Comparator
    public var links: [Link] = []
    public var review: [Link] = []
    public var persons: [Int32] = []
    public var households: [Int32] = []
    public var report: LinkageReport
    /// The model's expected number of true matches among all scored candidate pairs.
    var scoredMass = 0.0
    /// Reviewers' decisions the run follows over the model (see `applyClerical`).
    public var clerical: [ClericalPair] = []
    /// The design, when the run was designed from the spec (see ``designed(spec:inputs:linkType:workers:progress:)``);
    /// its thresholds and curve are filled in once the pairs are scored.
    public internal(set) var design: LinkDesign?

    /// Loads the datasets (paths relative to `directory`) and compiles the comparisons.
    /// Files are read on `workers` threads (see ``LinkageTable/load(path:dataset:tokenColumns:clkColumns:workers:minimumBytes:)``).
    public init(config: LinkConfig, directory: String, model: FellegiSunterModel? = nil, workers: Int = System.coreCount,
                progress: (String) -> Void = { _ in }) throws {
        try self.init(config: config, model: model, progress: progress) { d, table, extra, clkNames in
            let path = d.file.hasPrefix("/") ? d.file : directory + "/" + d.file
            try table.load(path: path, dataset: d.name, tokenColumns: extra, clkColumns: clkNames, workers: workers)
        }
    }

    /// Loads each dataset from the reader `open` gives for it (with a name for errors), so that a
    /// platform can stream stored files without writing them out.
    public init(config: LinkConfig, model: FellegiSunterModel? = nil, progress: (String) -> Void = { _ in },
                open: (LinkConfig.DatasetInput) throws -> (CSVReader, String)) throws {
        try self.init(config: config, model: model, progress: progress) { d, table, extra, clkNames in
            let (reader, source) = try open(d)
            try table.load(reader: reader, source: source, dataset: d.name, tokenColumns: extra, clkColumns: clkNames)
        }
    }

    /// Loads each dataset with `load` (given the table and the token and CLK columns to keep) and compiles the comparisons.
    init(config: LinkConfig, model: FellegiSunterModel?, progress: (String) -> Void,
         load: (LinkConfig.DatasetInput, LinkageTable, Set<String>, Set<String>) throws -> Void) throws {
        guard config.format == LinkConfig.currentFormat else { throw LinkageError.badConfig("format must be '\(LinkConfig.currentFormat)'") }
        guard !config.datasets.isEmpty else { throw LinkageError.badConfig("no datasets") }
        let clock = ContinuousClock(), start = clock.now
        let table = LinkageTable()
        let clkNames = Set(config.comparisons.flatMap { $0.levels.compactMap(\.clk) } + [config.clustering?.addressCLK, config.clkOnly?.column].compactMap { $0 })
        let extra = Set(config.blocking.flatMap { $0 } + (config.deterministic ?? []).flatMap(\.columns) + (config.training?.emBlocking ?? []).flatMap { $0 }
                        + config.comparisons.flatMap { $0.levels.compactMap(\.token) } + [config.clustering?.addressBlock, config.clustering?.addressToken].compactMap { $0 })
        for d in config.datasets {
            progress("loading \(d.name)")
            try load(d, table, extra, clkNames)
        }
        try self.init(config: config, table: table, model: model, loadSeconds: (clock.now - start).seconds)
    }

    /// A run over a table already loaded: compiles the comparisons against it.
    /// `loadPeak`: the memory high-water mark when loading ended (now, unless the table was loaded earlier).
    init(config: LinkConfig, table: LinkageTable, model: FellegiSunterModel?, loadSeconds: Double, loadPeak: Int? = System.peakMemoryBytes()) throws {
        self.config = config
        self.table = table
        comparator = try Comparator(specs: config.comparisons, table: table)
        self.model = model ?? FellegiSunterModel(specs: config.comparisons)
        report = LinkageReport(records: table.count, datasets: config.datasets.map(\.name))
        report.stage("load", seconds: loadSeconds, peak: loadPeak)
    }

    var linkType: BlockingIndex.LinkType { BlockingIndex.LinkType(rawValue: config.linkType ?? "linkAndDedupe") ?? .linkAndDedupe }

    /// Runs everything; `train` false keeps the model given at init.
    public mutating func run(train: Bool = true, workers: Int = System.coreCount, progress: (String) -> Void = { _ in }) throws {
        if let k = config.clkOnly { return try runCLKOnly(k, workers: workers, progress: progress) }
        let clock = ContinuousClock()
        var t = clock.now
        guard BlockingIndex.LinkType(rawValue: config.linkType ?? "linkAndDedupe") != nil else {
            throw LinkageError.badConfig("linkType is linkAndDedupe, linkOnly or dedupe")
        }
        let passes = config.deterministic ?? []
        let passIndex = try BlockingIndex(table: table, rules: passes.map(\.columns), linkType: linkType)
        let blocking = try BlockingIndex(table: table, rules: config.blocking, linkType: linkType)
        progress("deterministic passes")
        for p in 0..<passIndex.ruleCount {
            var n = 0
            passIndex.forEachPair(rule: p) { i, j in
                links.append(Link(i: Int32(i), j: Int32(j), probability: 1, weight: 99, pass: Int16(p), rule: -1))
                n += 1
            }
            report.passes.append(.init(name: passes[p].name, links: n))
        }
        report.stage("deterministic", seconds: (clock.now - t).seconds)
        t = clock.now
        if train {
            let trainer = ModelTrainer(comparator: comparator, table: table, linkType: linkType)
            try trainer.trainMatchProbabilities(&model, config: config, progress: progress)
            try trainer.trainPrior(&model, config: config, blocking: blocking, passes: passIndex, progress: progress)
            try trainer.trainDependences(&model, config: config, progress: progress)
        }
        comparator.prepare(model)
        report.stage("training", seconds: (clock.now - t).seconds)
        t = clock.now
        try score(blocking: blocking, passes: passIndex, workers: workers, progress: progress)
        report.stage("scoring", seconds: (clock.now - t).seconds)
        t = clock.now
        applyClerical()
        cluster()
        report.stage("clustering", seconds: (clock.now - t).seconds)
        report.finish(self, blocking: blocking)
    }

    struct Shard {
        var kept: [Link] = []
        /// The sum of match probabilities over every scored pair: the model's expected number of true matches.
        var mass = 0.0
        var histogram = [Int](repeating: 0, count: LinkageReport.histogramBins)
        var counts: [Int]
        /// Pairs and expected matches by quarter-bit weight, for choosing the threshold.
        var fineCounts = [Int](repeating: 0, count: LinkDesigner.fineBins), fineMass = [Double](repeating: 0, count: LinkDesigner.fineBins)
    }

    mutating func score(blocking: BlockingIndex, passes: BlockingIndex, workers: Int, progress: (String) -> Void) throws {
        let choosing = design != nil && config.thresholds == nil
        let reviewAt = config.thresholds?.review ?? (choosing ? LinkDesigner.keepFloor : LinkConfig.Thresholds.defaultReview)
        let weights = model.comparisons.map { $0.levels.map(\.weight) }
        let shard = PerWorker(count: workers) { Shard(counts: Array(repeating: 0, count: blocking.ruleCount)) }
        let comparator = self.comparator, model = self.model
        for r in 0..<blocking.ruleCount {
            progress("scoring pairs of \(blocking.ruleName(r))")
            Parallel.forEach(workers: workers) { w in
                var vector = [Int8](repeating: 0, count: comparator.compiled.count)
                var mine = shard[w]
                blocking.forEachPair(rule: r, part: w, of: workers, excluding: passes) { i, j in
                    comparator.vector(i, j, into: &vector)
                    let weight = comparator.weight(model, vector, i, j, weights: weights)
                    let p = FellegiSunterModel.probability(weight: weight)
                    mine.counts[r] += 1
                    mine.mass += p
                    mine.histogram[LinkageReport.bin(weight)] += 1
                    if choosing { let b = LinkDesigner.fineBin(weight); mine.fineCounts[b] += 1; mine.fineMass[b] += p }
                    if p >= reviewAt { mine.kept.append(Link(i: Int32(i), j: Int32(j), probability: Float(p), weight: Float(weight), pass: -1, rule: Int16(r))) }
                }
                shard[w] = mine
            }
        }
        if choosing {
            let counts = (0..<LinkDesigner.fineBins).map { b in (0..<workers).reduce(0) { $0 + shard[$1].fineCounts[b] } }
            let mass = (0..<LinkDesigner.fineBins).map { b in (0..<workers).reduce(0.0) { $0 + shard[$1].fineMass[b] } }
            let (thresholds, curve) = LinkDesigner.threshold(counts: counts, mass: mass)
            config.thresholds = thresholds
            design?.config.thresholds = thresholds
            design?.curve = curve
        }
        let thresholds = config.resolvedThresholds
        let matchAt = Float(thresholds.match!), reviewFloor = Float(thresholds.review!)
        for w in 0..<workers {
            for l in shard[w].kept where l.probability >= reviewFloor { if l.probability >= matchAt { links.append(l) } else { review.append(l) } }
            for b in 0..<LinkageReport.histogramBins { report.weightHistogram[b] += shard[w].histogram[b] }
        }
        report.candidatePairs = (0..<blocking.ruleCount).map { r in (0..<workers).reduce(0) { $0 + shard[$1].counts[r] } }
        scoredMass = (0..<workers).reduce(0) { $0 + shard[$1].mass }
    }

    /// The pure CLK mode: all pairs across the two datasets at or above the Dice threshold, one-to-one.
    mutating func runCLKOnly(_ k: LinkConfig.CLKOnly, workers: Int, progress: (String) -> Void) throws {
        guard let col = table.clks[k.column], col.wordsPerRecord > 0 else { throw LinkageError.badConfig("no dataset has the CLK column '\(k.column)'") }
        let clock = ContinuousClock(), t = clock.now
        let n = col.wordsPerRecord
        let a = (0..<table.count).filter { table.datasetOf[$0] == 0 }, b = (0..<table.count).filter { table.datasetOf[$0] == 1 }
        func gather(_ idx: [Int]) -> ([UInt64], [Int32]) {
            var w: [UInt64] = []
            w.reserveCapacity(idx.count * n)
            for i in idx { w += col.words[(i * n)..<(i * n + n)] }
            return (w, idx.map { col.counts[$0] })
        }
        let (wa, ca) = gather(a), (wb, cb) = gather(b)
        progress("comparing \(a.count) × \(b.count) CLKs")
        let found = CLKMatcher.candidates(a: wa, countsA: ca, b: wb, countsB: cb, words: n, threshold: k.threshold, workers: workers)
        for p in CLKMatcher.oneToOne(found.pairs) {
            links.append(Link(i: Int32(a[Int(p.a)]), j: Int32(b[Int(p.b)]), probability: p.dice, weight: p.dice, pass: -1, rule: -1))
        }
        report.candidatePairs = [found.comparisons]
        report.stage("comparison", seconds: (clock.now - t).seconds)
        var c = Clustering(table: table, uniqueDatasets: [])
        for l in links { c.union(Int(l.i), Int(l.j)) }
        persons = c.labels()
        households = persons
        report.links = links.count
        report.persons = Set(persons).count
        report.households = report.persons
    }

    mutating func cluster() {
        let unique = Set(config.datasets.enumerated().filter { $0.element.unique == true }.map(\.offset))
        var c = Clustering(table: table, uniqueDatasets: unique)
        let bridge = config.clustering?.bridge ?? 0.99
        var accepted: [Link] = []
        for l in links.sorted(by: { $0.probability > $1.probability || ($0.probability == $1.probability && $0.weight > $1.weight) }) {
            if c.union(Int(l.i), Int(l.j), probability: Double(l.probability), bridge: bridge) { accepted.append(l) } else { report.refusedLinks += 1 }
        }
        links = accepted
        persons = c.labels()
        let cl = config.clustering
        households = HouseholdClustering.cluster(table: table, persons: persons, addressToken: cl?.addressToken, addressCLK: cl?.addressCLK,
                                                 dice: cl?.addressDice ?? 0.85, block: cl?.addressBlock)
    }
}
