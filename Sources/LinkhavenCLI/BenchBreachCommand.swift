import ArgumentParser
import Crypto
import Foundation
import LinkhavenCore

/// `linkhaven bench breach-guard`: the breach guard's catch and false-alarm rates on the kept corpus.
struct BenchBreachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breach-guard",
        abstract: "Measure the breach guard: how many files with seeded leaks it catches, and how many clean files it rejects.",
        discussion: """
            The first run builds the corpus in DIR (a synthetic partnership, pseudonymised with keys derived from the seed,
            then FILES clean and FILES seeded files cut from it, with index.json saying what was seeded where); later runs
            reuse it, so the rates are measured on the same files each time. Targets: catch ≥ 99%, false alarms ≤ 0.1%.
            """)
    @Option(help: "The corpus directory (built on first use, then kept).") var corpus = "corpus/breach"
    @Option(help: "Clean files, and as many seeded files, when building.") var files = 1000
    @Option(help: "Households in the synthetic partnership the corpus is cut from.") var households = 600
    @Option(help: "Seed for the corpus.") var seed: UInt64 = 2026
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto

    func run() throws {
        let source = corpus + "/partnership"
        let spec: LinkageSpec
        if FileManager.default.fileExists(atPath: corpus + "/index.json") {
            spec = try SpecLoader.load(path: source + "/spec.json")
        } else {
            var o = SyntheticPartnership.Options(directory: source)
            o.households = households
            o.seed = seed
            o.overwrite = true
            _ = try SyntheticPartnership.generate(o)
            func key(_ label: String) -> SecretKey { SecretKey(bytes: Array(SHA256.hash(data: Array("\(label)/\(seed)".utf8)))) }
            _ = try SyntheticPartnership.pseudonymise(directory: source, projectSecret: key("project"), vaultSecret: key("vault"), overwrite: true)
            spec = try SpecLoader.load(path: source + "/spec.json")
            _ = try BreachCorpus.build(pseudonymised: source, spec: spec, into: corpus, files: files, seed: seed)
        }
        let ev = try BreachCorpus.evaluate(corpus: corpus, spec: spec)
        if format.isJSON { print(try OutputFormat.json(ev)); return }
        func pct(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
        print("Breach guard on '\(corpus)': \(Terminal.grouped(ev.rows)) rows in \(ev.clean + ev.seeded) files, \(String(format: "%.2f", ev.seconds)) s")
        print("  seeded files caught: \(ev.caught) of \(ev.seeded) = \(pct(ev.catchRate))   (target ≥ 99%; the finding named the seeded column in \(ev.caughtAtSeededColumn))")
        print("  clean files rejected: \(ev.falseAlarms) of \(ev.clean) = \(pct(ev.falseAlarmRate))   (target ≤ 0.1%)")
        for (kind, c) in ev.byKind.sorted(by: { $0.key < $1.key }) { print("    \(kind): \(c[0]) of \(c[1])") }
        for (f, c) in ev.byFormat.sorted(by: { $0.key < $1.key }) where c[0] < c[1] { print("    missed some — \(f): \(c[0]) of \(c[1])") }
        if !ev.missed.isEmpty { print("  missed: \(ev.missed.prefix(10).joined(separator: ", "))\(ev.missed.count > 10 ? ", …" : "")") }
        if !ev.falseAlarmFiles.isEmpty { print("  false alarms: \(ev.falseAlarmFiles.prefix(10).joined(separator: ", "))") }
    }
}
