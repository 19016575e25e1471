import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven bench load`: how fast a linkage run reads a pseudonymised file into its table, with one
/// reader and on every core, side by side in one run (the table must come out the same both ways).
struct BenchLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Measure loading a pseudonymised file for linkage: one reader against every core, in records per second.",
        discussion: "Generates benchmark people, pseudonymises them (5 tokens, a 1024-bit CLK, 3 blocking keys), then loads the file as `linkhaven link` does. Build with -c release.")
    @Option(help: "Records in the file.") var rows: Int = 1_000_000
    @Option(name: .customLong("repeat"), help: "Repetitions per setting (the median is reported).") var repetitions: Int = 3
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto

    struct Result: Encodable { var workers: Int; var records: Int; var megabytes: Double; var medianSeconds: Double; var recordsPerSecond: Double; var megabytesPerSecond: Double }

    func run() throws {
        let dir = NSTemporaryDirectory() + "linkhaven-bench-load-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (pseudo, columns) = try BenchCommand.pseudonymisedPeople(rows: rows, in: dir)
        let clks = Set(columns.filter { $0.kind == .clk }.map(\.name)), blocking = Set(columns.filter { $0.kind == .blockingKey }.map(\.name))
        let mb = Double(Paths.fileSize(pseudo)) / 1e6
        var results: [Result] = [], tables: [LinkageTable] = []
        for w in Array(Set([1, System.coreCount])).sorted() {
            var runs: [Double] = []
            for _ in 0..<max(1, repetitions) {
                let table = LinkageTable(), start = ContinuousClock.now
                try table.load(path: pseudo, dataset: "people", tokenColumns: blocking, clkColumns: clks, workers: w)
                runs.append((ContinuousClock.now - start).seconds)
                guard table.count == rows else { throw CLIError("loaded \(table.count) records of \(rows)") }
                if runs.count == 1 { tables.append(table) }
            }
            let s = runs.sorted()[runs.count / 2]
            results.append(Result(workers: w, records: rows, megabytes: mb, medianSeconds: s, recordsPerSecond: Double(rows) / s, megabytesPerSecond: mb / s))
        }
        if let first = tables.first, tables.dropFirst().contains(where: { t in t.tokens != first.tokens || t.recordTokens != first.recordTokens
            || t.clks.keys.contains { k in t.clks[k]!.words != first.clks[k]!.words } }) {
            throw CLIError("the table loaded on several threads differs from the one read by one reader")
        }
        if format.isJSON { print(try OutputFormat.json(results)); return }
        print("\(Terminal.grouped(rows)) records, \(String(format: "%.1f", mb)) MB pseudonymised; load for linkage, median of \(max(1, repetitions)):")
        for r in results {
            print("  workers \(r.workers): \(String(format: "%6.2f", r.medianSeconds)) s  \(Terminal.grouped(Int(r.recordsPerSecond))) records/s  \(String(format: "%6.1f", r.megabytesPerSecond)) MB/s")
        }
        if results.count == 2 { print(String(format: "  speed-up on %d workers: %.2f×", results[1].workers, results[0].medianSeconds / results[1].medianSeconds)) }
        print("  (the same table both ways: tokens, record tokens and CLK words compared)")
    }
}
