import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven link`: link pseudonymised datasets into persons and households, offline.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link pseudonymised datasets into persons and households: from the spec alone, or with a linkage config.",
        discussion: """
            linkhaven link --spec spec.json a.pseudo.csv b.pseudo.csv --out DIR designs the linkage itself from the spec
            and the data (comparisons, training, blocking rules measured on the files, the threshold from the model's own
            estimate of precision and recall): one file is deduplicated, several are linked and deduplicated. Each file's
            dataset comes from its manifest (a.pseudo.manifest.json); NAME=FILE names a file in the run (two extracts of one
            dataset: this=2026.pseudo.csv last=2025.pseudo.csv), or gives the dataset of a file without a manifest. --explain prints
            the design and why; --write-config writes it as a link config that reproduces the run exactly.

            linkhaven link CONFIG --out DIR runs an expert's linkage config (dataset files relative to it).

            Writes to --out: links.csv (dataset_a, record_a, dataset_b, record_b, probability, match_weight, pass),
            review.csv (the clerical-review band, with each comparison's level and weight — never identities),
            clusters.csv (dataset, record_id, cluster_id, household_id; record ids are record tokens), model.json
            (m, u and weights per level; reload with --model), report.json (counts, blocking analysis,
            match-weight histogram, timings) and, when designed, design.json.
            """
    )

    @Argument(help: "The linkage config (JSON); with --spec, the pseudonymised files (FILE, or NAME=FILE to name it in the run).") var inputs: [String]
    @Option(help: "Design the linkage from this linkage spec and the files: no config needed.") var spec: String?
    @Option(help: "With --spec: dedupe, linkOnly or linkAndDedupe (default: dedupe for one file, linkAndDedupe for more).") var linkType: String?
    @Flag(help: "With --spec: print the design chosen and why.") var explain = false
    @Option(help: "With --spec: write the design as a link config that reproduces this run.") var writeConfig: String?
    @Option(name: .customLong("unique"), help: "With --spec: a file (its dataset or NAME in the run) whose provider holds each person at most once; repeat for each.")
    var unique: [String] = []
    @Option(help: "Output directory.") var out: String
    @Option(help: "Use this saved model instead of training one.") var model: String?
    @Option(help: "Worker threads (default: all cores).") var workers: Int = System.coreCount
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto
    @Flag(help: "Replace existing output files.") var force = false

    func validate() throws {
        if spec == nil {
            guard inputs.count == 1 else { throw ValidationError("give one linkage config, or --spec and the pseudonymised files") }
            guard !explain, writeConfig == nil, linkType == nil, unique.isEmpty else {
                throw ValidationError("--explain, --write-config, --link-type and --unique go with --spec (a config says which datasets are unique)")
            }
        } else {
            guard model == nil else { throw ValidationError("--model goes with a linkage config: a designed run trains its own") }
            if let t = linkType, BlockingIndex.LinkType(rawValue: t) == nil { throw ValidationError("--link-type is dedupe, linkOnly or linkAndDedupe") }
        }
    }

    func run() throws {
        let chatty = Terminal.stderrIsTTY
        let say: (String) -> Void = { if chatty { Terminal.error("… \($0)") } }
        let w = max(1, workers)
        var run: LinkageRun
        if let spec {
            let (s, files) = try LinkInputs.resolve(spec: spec, files: inputs)
            run = try LinkageRun.designed(spec: s, inputs: files, linkType: linkType.flatMap(BlockingIndex.LinkType.init(rawValue:)), unique: Set(unique),
                                          workers: w, progress: say)
            try run.run(train: false, workers: w, progress: say)
        } else {
            let config = inputs[0]
            let cfg = try LinkConfig.load(data: try Data(contentsOf: URL(fileURLWithPath: config)), file: config)
            let saved = try model.map { try FellegiSunterModel.load(path: $0) }
            run = try LinkageRun(config: cfg, directory: Paths.directory(of: config), model: saved, workers: w, progress: say)
            try run.run(train: saved == nil, workers: w, progress: say)
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try LinkOutput.write(run, to: out, overwrite: force)
        if let design = run.design {
            if let writeConfig { try LinkInputs.writeConfig(design.config, to: writeConfig, overwrite: force) }
            if explain && !format.isJSON { print(DesignText.render(design, model: run.model)) }
        }
        let r = run.report
        if format.isJSON { print(try OutputFormat.json(r)); return }
        print("Linked \(Terminal.grouped(r.records)) records of \(r.datasets.count) datasets into \(Terminal.grouped(r.persons)) persons and \(Terminal.grouped(r.households)) households.")
        for p in r.passes { print("  deterministic '\(p.name)': \(Terminal.grouped(p.links)) links") }
        for b in r.blocking {
            print("  blocking \(b.rule): \(Terminal.grouped(b.candidatePairs)) pairs, \(Terminal.grouped(b.links)) links (\(b.linksOnlyThisRule) found by no other rule)")
        }
        print("  accepted links: \(Terminal.grouped(r.links)); clerical review: \(Terminal.grouped(r.reviewPairs)); refused by clustering guards: \(r.refusedLinks)")
        print("  time: " + r.seconds.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value)) s" }.joined(separator: ", "))
        if let peak = r.peakMemory {   // a high-water mark, so in the order of the stages
            print("  peak memory by the end of: " + peak.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
                .map { "\($0.key) \(Terminal.grouped($0.value >> 20)) MB" }.joined(separator: ", "))
        }
        print("Output in \(out)/ (links.csv, review.csv, clusters.csv, model.json, report.json\(run.design == nil ? "" : ", design.json"))")
    }
}

/// Writes a run's files.
enum LinkOutput {
    static func write(_ run: LinkageRun, to dir: String, overwrite: Bool) throws {
        let t = run.table
        func key(_ i: Int32) -> [String] { [t.datasets[Int(t.datasetOf[Int(i)])], t.recordTokens[Int(i)]] }
        let passes = run.config.deterministic ?? []
        let links = CSVWriter(file: try AtomicFileWriter(path: dir + "/links.csv", overwrite: overwrite, mode: 0o644))
        let comparisonColumns = run.config.comparisons.flatMap { [$0.name, "\($0.name) weight"] }
        try links.write(["dataset_a", "record_a", "dataset_b", "record_b", "probability", "match_weight", "pass"] + comparisonColumns)
        for l in run.links {
            let e = run.comparator.explain(run.model, Int(l.i), Int(l.j))
            try links.write(key(l.i) + key(l.j) + [String(format: "%.4f", l.probability), String(format: "%.2f", l.weight),
                                                   l.pass >= 0 ? passes[Int(l.pass)].name : "probabilistic"]
                            + e.steps.flatMap { [$0.level, String(format: "%.2f", $0.weight)] })
        }
        try links.file.commit()
        let review = CSVWriter(file: try AtomicFileWriter(path: dir + "/review.csv", overwrite: overwrite, mode: 0o644))
        try review.write(["dataset_a", "record_a", "dataset_b", "record_b", "probability", "match_weight"] + comparisonColumns)
        for l in run.review {
            let e = run.comparator.explain(run.model, Int(l.i), Int(l.j))
            try review.write(key(l.i) + key(l.j) + [String(format: "%.4f", l.probability), String(format: "%.2f", l.weight)]
                             + e.steps.flatMap { [$0.level, String(format: "%.2f", $0.weight)] })
        }
        try review.file.commit()
        let clusters = CSVWriter(file: try AtomicFileWriter(path: dir + "/clusters.csv", overwrite: overwrite, mode: 0o644))
        try clusters.write(["dataset", "record_id", "cluster_id", "household_id"])
        for i in 0..<t.count {
            try clusters.write(key(Int32(i)) + ["p\(run.persons[i])", "h\(run.households[i])"])
        }
        try clusters.file.commit()
        let m = try AtomicFileWriter(path: dir + "/model.json", overwrite: overwrite, mode: 0o644)
        try m.write(Array(try run.model.json()))
        try m.commit()
        if let design = run.design {
            let d = try AtomicFileWriter(path: dir + "/design.json", overwrite: overwrite, mode: 0o644)
            try d.write(try OutputFormat.json(design) + "\n")
            try d.commit()
        }
        let r = try AtomicFileWriter(path: dir + "/report.json", overwrite: overwrite, mode: 0o644)
        try r.write(try OutputFormat.json(run.report) + "\n")
        try r.commit()
    }
}
