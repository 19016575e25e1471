import ArgumentParser
import Crypto
import Foundation
import LinkhavenCore

/// `linkhaven bench breach`: the breach guard's catch and false-alarm rates on the kept corpus.
struct BenchBreachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breach",
        abstract: "Measure the breach guard: how many files with seeded leaks it catches, and how many clean files it rejects.",
        discussion: """
            The first run builds the corpus in DIR (a synthetic partnership, pseudonymised with keys derived from the seed,
            then FILES clean files of many spec shapes and FILES seeded ones, with index.json saying what was seeded where:
            a whole column, a pseudonym column, 1–50 single cells of an attribute column, free text, the header); later
            runs reuse it, so the rates are measured on the same files each time. Rates carry 95% Wilson intervals.
            Targets: ≥ 99% caught for every placement, ≤ 0.1% false alarms.
            """,
        aliases: ["breach-guard"])
    @Option(help: "The corpus directory (built on first use, then kept).") var corpus = "corpus/breach"
    @Option(help: "Clean files, and as many seeded files, when building.") var files = 1000
    @Option(help: "Households in the synthetic partnership the corpus is cut from.") var households = 600
    @Option(help: "Seed for the corpus.") var seed: UInt64 = 2026
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto
    @Flag(help: "List every format of leak, not only those with misses.") var all = false

    func run() throws {
        let source = corpus + "/partnership"
        let index = corpus + "/index.json"
        if let data = FileManager.default.contents(atPath: index),
           (try? JSONDecoder().decode(BreachCorpus.Index.self, from: data))?.format != BreachCorpus.currentFormat {
            try FileManager.default.removeItem(atPath: corpus)   // a corpus of an older format: built again
        }
        if !FileManager.default.fileExists(atPath: index) {
            var o = SyntheticPartnership.Options(directory: source)
            o.households = households
            o.seed = seed
            o.overwrite = true
            _ = try SyntheticPartnership.generate(o)
            func key(_ label: String) -> SecretKey { SecretKey(bytes: Array(SHA256.hash(data: Array("\(label)/\(seed)".utf8)))) }
            _ = try SyntheticPartnership.pseudonymise(directory: source, projectSecret: key("project"), vaultSecret: key("vault"), overwrite: true)
            _ = try BreachCorpus.build(pseudonymised: source, spec: try SpecLoader.load(path: source + "/spec.json"), into: corpus, files: files, seed: seed)
        }
        let ev = try BreachCorpus.evaluate(corpus: corpus)
        if format.isJSON { print(try OutputFormat.json(ev)); return }
        print(Self.table(ev, corpus: corpus, all: all))
    }

    /// The report as a table people read: each rate with its interval.
    static func table(_ ev: BreachCorpus.Evaluation, corpus: String, all: Bool) -> String {
        func row(_ label: String, _ r: BreachCorpus.Rate, width: Int = 44) -> String {
            let name = label.count < width ? label + String(repeating: " ", count: width - label.count) : label
            return "  " + name + String(format: "%5d of %5d  %7.2f%%   [%6.2f%% – %6.2f%%]", r.hits, r.of, 100 * r.rate, 100 * r.low, 100 * r.high)
        }
        var out = ["Breach guard on '\(corpus)': \(Terminal.grouped(ev.rows)) rows in \(ev.caught.of + ev.falseAlarms.of) files, \(String(format: "%.2f", ev.seconds)) s",
                   "  (95% Wilson intervals; targets: ≥ 99% caught for every placement, ≤ 0.1% false alarms)",
                   row("seeded files caught", ev.caught), row("clean files rejected (false alarms)", ev.falseAlarms), "  by placement:"]
        out += ev.byPlacement.sorted { $0.key < $1.key }.map { row("  " + $0.key, $0.value) }
        out.append("  by the spec's column profiles:")
        out += ev.byProfile.sorted { $0.key < $1.key }.map { row("  " + $0.key, $0.value) }
        out.append("  by placement and kind:")
        out += ev.byKind.sorted { $0.key < $1.key }.map { row("  " + $0.key, $0.value) }
        let formats = ev.byFormat.sorted { $0.key < $1.key }.filter { all || $0.value.hits < $0.value.of }
        if !formats.isEmpty {
            out.append(all ? "  every format:" : "  formats with misses:")
            out += formats.map { row("  " + $0.key, $0.value, width: 60) }
        }
        out.append("  the finding named the seeded column in \(ev.namedColumn) of \(ev.caught.hits) caught")
        if !ev.missed.isEmpty { out.append("  missed: \(ev.missed.prefix(12).joined(separator: ", "))\(ev.missed.count > 12 ? ", …" : "")") }
        if !ev.falseAlarmFiles.isEmpty { out.append("  false alarms: \(ev.falseAlarmFiles.prefix(12).joined(separator: ", "))") }
        return out.joined(separator: "\n")
    }
}
