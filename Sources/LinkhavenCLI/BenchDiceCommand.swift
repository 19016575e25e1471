import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven bench dice`: CLK comparisons per second, one core and all cores.
struct BenchDiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dice",
        abstract: "Measure CLK Dice comparisons per second (all pairs of two sets of 1024-bit CLKs), on one core and on all.",
        discussion: "Build with -c release -Xcc -march=x86-64-v3 (portable AVX2 + POPCNT) or -Xswiftc -target-cpu -Xswiftc native.")
    @Option(help: "Records per side (rows² comparisons per run).") var records: Int = 10_000
    @Option(help: "Dice threshold for candidate pairs.") var threshold: Double = 0.8
    @Option(name: .customLong("repeat"), help: "Repetitions (the median is reported).") var repetitions: Int = 5
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto
    @Option(help: "Also write the two sets of CLKs (hex, one per line) to DIR/a.hex and DIR/b.hex, to measure other tools on the same filters.")
    var export: String?

    struct Result: Encodable {
        var workers: Int, comparisons: Int, medianSeconds: Double, comparisonsPerSecond: Double, comparisonsPerCoreSecond: Double
        var candidatePairs: Int, oneToOneLinks: Int, correctLinks: Int
    }

    func run() throws {
        let (a, ca, b, cb) = try BenchmarkPeople.clkSets(count: records)
        if let export {
            try FileManager.default.createDirectory(atPath: export, withIntermediateDirectories: true)
            for (name, words) in [("a", a), ("b", b)] {
                let w = try AtomicFileWriter(path: export + "/\(name).hex", overwrite: true, mode: 0o644)
                for i in 0..<records {
                    var bytes: [UInt8] = []
                    for x in words[(i * 16)..<(i * 16 + 16)] { withUnsafeBytes(of: x.littleEndian) { bytes += $0 } }
                    try w.write(Hex.encode(bytes) + "\n")
                }
                try w.commit()
            }
        }
        var results: [Result] = []
        for workers in Array(Set([1, System.coreCount])).sorted() {
            var times: [Double] = []
            var last = (pairs: [CLKMatcher.Pair](), comparisons: 0)
            for _ in 0..<max(1, repetitions) {
                let start = ContinuousClock.now
                last = CLKMatcher.candidates(a: a, countsA: ca, b: b, countsB: cb, words: 16, threshold: threshold, workers: workers)
                times.append((ContinuousClock.now - start).seconds)
            }
            let t = times.sorted()[times.count / 2]
            let links = CLKMatcher.oneToOne(last.pairs)
            results.append(Result(workers: workers, comparisons: last.comparisons, medianSeconds: t, comparisonsPerSecond: Double(last.comparisons) / t,
                                  comparisonsPerCoreSecond: Double(last.comparisons) / t / Double(workers), candidatePairs: last.pairs.count,
                                  oneToOneLinks: links.count, correctLinks: links.filter { $0.a == $0.b }.count))
        }
        if format.isJSON { print(try OutputFormat.json(results)); return }
        for r in results {
            print("workers \(r.workers): \(Terminal.grouped(r.comparisons)) Dice comparisons in \(String(format: "%.3f", r.medianSeconds)) s (median) → \(Terminal.grouped(Int(r.comparisonsPerSecond / 1e6))) million/s (\(Terminal.grouped(Int(r.comparisonsPerCoreSecond / 1e6))) million per core-second); \(r.candidatePairs) pairs ≥ \(threshold), \(r.oneToOneLinks) one-to-one links, \(r.correctLinks) correct")
        }
    }
}
