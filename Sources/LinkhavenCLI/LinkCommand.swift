import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven link`: link pseudonymised datasets into persons and households, offline.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link pseudonymised datasets into persons and households with a linkage config.",
        discussion: """
            Writes to --out: links.csv (dataset_a, record_a, dataset_b, record_b, probability, match_weight, pass),
            review.csv (the clerical-review band, with each comparison's level and weight — never identities),
            clusters.csv (dataset, record_id, cluster_id, household_id; record ids are record tokens), model.json
            (m, u and weights per level; reload with --model) and report.json (counts, blocking analysis,
            match-weight histogram, timings). Dataset files are found relative to the config.
            """
    )

    @Argument(help: "The linkage config (JSON).") var config: String
    @Option(help: "Output directory.") var out: String
    @Option(help: "Use this saved model instead of training one.") var model: String?
    @Option(help: "Worker threads (default: all cores).") var workers: Int = System.coreCount
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto
    @Flag(help: "Replace existing output files.") var force = false

    func run() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: config))
        let cfg = try LinkConfig.load(data: data, file: config)
        let saved = try model.map { try FellegiSunterModel.load(path: $0) }
        let chatty = Terminal.stderrIsTTY
        let say: (String) -> Void = { if chatty { Terminal.error("… \($0)") } }
        var run = try LinkageRun(config: cfg, directory: Paths.directory(of: config), model: saved, workers: max(1, workers), progress: say)
        try run.run(train: saved == nil, workers: max(1, workers), progress: say)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try LinkOutput.write(run, to: out, overwrite: force)
        let r = run.report
        if format.isJSON { print(try OutputFormat.json(r)); return }
        print("Linked \(Terminal.grouped(r.records)) records of \(r.datasets.count) datasets into \(Terminal.grouped(r.persons)) persons and \(Terminal.grouped(r.households)) households.")
        for p in r.passes { print("  deterministic '\(p.name)': \(Terminal.grouped(p.links)) links") }
        for b in r.blocking {
            print("  blocking \(b.rule): \(Terminal.grouped(b.candidatePairs)) pairs, \(Terminal.grouped(b.links)) links (\(b.linksOnlyThisRule) found by no other rule)")
        }
        print("  accepted links: \(Terminal.grouped(r.links)); clerical review: \(Terminal.grouped(r.reviewPairs)); refused by clustering guards: \(r.refusedLinks)")
        print("  time: " + r.seconds.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value)) s" }.joined(separator: ", "))
        print("Output in \(out)/ (links.csv, review.csv, clusters.csv, model.json, report.json)")
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
        let r = try AtomicFileWriter(path: dir + "/report.json", overwrite: overwrite, mode: 0o644)
        try r.write(try OutputFormat.json(run.report) + "\n")
        try r.commit()
    }
}
