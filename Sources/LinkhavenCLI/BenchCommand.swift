import ArgumentParser
import Foundation
import LinkhavenCore
#if canImport(Glibc)
import Glibc
#endif

/// `linkhaven bench`: measure throughput (not a test; run on a release build).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: generate benchmark records, and measure pseudonymisation throughput and memory.",
        subcommands: [Generate.self, Pseudonymise.self, Hardening.self, BenchDiceCommand.self, BenchBreachCommand.self, BenchValidateCommand.self, BenchLoadCommand.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write deterministic person records (and the benchmark spec) for benchmarks.")
        @Option(help: "Number of records.") var rows: Int = 100_000
        @Option(help: "Seed.") var seed: UInt64 = 1
        @Option(help: "The CSV to write.") var out: String
        @Option(help: "Also write the benchmark linkage spec here.") var spec: String?
        @Option(help: "Also write a corrupted copy of every record here (ids C0, C1, … for R0, R1, …), to benchmark linkage.")
        var copies: String?

        func run() throws {
            try BenchCommand.generate(rows: rows, seed: seed, to: out, copies: copies)
            if let spec { try BenchmarkPeople.specJSON.write(toFile: spec, atomically: true, encoding: .utf8) }
        }
    }

    static func generate(rows: Int, seed: UInt64, to path: String, copies: String? = nil) throws {
        let w = CSVWriter(file: try AtomicFileWriter(path: path, overwrite: true, mode: 0o644))
        let c = try copies.map { CSVWriter(file: try AtomicFileWriter(path: $0, overwrite: true, mode: 0o644)) }
        try w.write(BenchmarkPeople.header)
        try c?.write(BenchmarkPeople.header)
        var g = BenchmarkPeople(seed: seed)
        for i in 0..<rows {
            let r = g.record(i)
            try w.write(r)
            if let c { var copy = g.corrupt(r); copy[0] = "C\(i)"; try c.write(copy) }
        }
        try w.file.commit()
        try c?.file.commit()
    }

    struct Pseudonymise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure pseudonymisation of benchmark records: records per CPU-second, wall rate, peak memory.",
            discussion: "Spec: 5 identifiers (tokens), one 1024-bit CLK, 3 blocking keys. Build with -c release.")
        @Option(help: "Records to generate (ignored with --input).") var rows: Int = 200_000
        @Option(help: "Use this benchmark CSV instead of generating one.") var input: String?
        @Option(help: "Use this linkage spec (first dataset) instead of the built-in benchmark spec.") var spec: String?
        @Option(help: "Worker threads; 0 measures 1 and all cores.") var workers: Int = 0
        @Option(name: .customLong("repeat"), help: "Repetitions per setting (the median is reported).") var repetitions: Int = 3
        @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto

        struct Result: Encodable {
            var workers: Int, rows: Int, medianWallSeconds: Double, medianCPUSeconds: Double
            var recordsPerCPUSecond: Double, recordsPerWallSecond: Double, peakRSSMegabytes: Double
        }

        func run() throws {
            let dir = NSTemporaryDirectory() + "linkhaven-bench-\(getpid())"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let data = input ?? dir + "/people.csv"
            if input == nil { try BenchCommand.generate(rows: rows, seed: 1, to: data) }
            let spec = try self.spec.map { try SpecLoader.load(path: $0) }
                ?? SpecLoader.load(data: Data(BenchmarkPeople.specJSON.utf8), file: "benchmark spec")
            let project = SecretKey.generate(), vaultKey = SecretKey.generate()
            var results: [Result] = []
            for w in workers == 0 ? Array(Set([1, System.coreCount])).sorted() : [workers] {
                var walls: [Double] = [], cpus: [Double] = [], n = 0
                for r in 0..<max(1, repetitions) {
                    let reader = try CSVReader(path: data)
                    let header = try reader.next()!.fields
                    let plan = try DatasetPlan(spec: spec, dataset: spec.datasets[0], header: header, projectSecret: project,
                                               vaultSecret: vaultKey, specDirectory: dir)
                    let out = CSVWriter(file: try AtomicFileWriter(path: "\(dir)/out-\(w)-\(r).csv", overwrite: true))
                    let vault = try VaultWriter(path: "\(dir)/v-\(w)-\(r).vault", header: Vault.Header(dataset: "people", project: "benchmark", vaultKeyFingerprint: vaultKey.fingerprint), secret: vaultKey, overwrite: true)
                    let cpu0 = BenchCommand.cpuSeconds()
                    let s = try PseudonymisationJob(plan: plan, workers: w).run(
                        reader: reader, totalBytes: 0, output: out, problems: { _ in }, vault: vault, progress: { _ in })
                    cpus.append(BenchCommand.cpuSeconds() - cpu0)
                    walls.append(s.seconds)
                    n = s.rows.read
                    try? FileManager.default.removeItem(atPath: "\(dir)/out-\(w)-\(r).csv")
                    try? FileManager.default.removeItem(atPath: "\(dir)/v-\(w)-\(r).vault")
                }
                let wall = median(walls), cpu = median(cpus)
                results.append(Result(workers: w, rows: n, medianWallSeconds: wall, medianCPUSeconds: cpu,
                                      recordsPerCPUSecond: Double(n) / cpu, recordsPerWallSecond: Double(n) / wall,
                                      peakRSSMegabytes: BenchCommand.peakRSSMegabytes()))
            }
            if format.isJSON { print(try OutputFormat.json(results)); return }
            for r in results {
                print("workers \(r.workers): \(Terminal.grouped(r.rows)) records, median \(String(format: "%.2f", r.medianWallSeconds)) s wall, \(String(format: "%.2f", r.medianCPUSeconds)) s CPU → \(Terminal.grouped(Int(r.recordsPerCPUSecond))) records/CPU-s, \(Terminal.grouped(Int(r.recordsPerWallSecond))) records/s wall; peak RSS \(String(format: "%.0f", r.peakRSSMegabytes)) MB")
            }
        }

        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
    }

    struct Hardening: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure what each CLK hardening option costs in linkage accuracy (best-match F1 on corrupted copies).")
        @Option(help: "People (each linked against all corrupted copies: rows² comparisons).") var rows: Int = 3000
        @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto

        func run() throws {
            let results = HardeningEvaluation.run(count: rows)
            if format.isJSON { print(try OutputFormat.json(results)); return }
            print("setting                    bits  mean Dice (true)  mean Dice (other)  best F1  threshold  precision  recall")
            for r in results {
                let name = r.setting.padding(toLength: 26, withPad: " ", startingAt: 0)
                print("\(name) \(String(format: "%4d  %16.3f  %17.3f  %7.3f  %9.2f  %9.3f  %6.3f", r.bits, r.meanDiceTrue, r.meanDiceOther, r.bestF1, r.threshold, r.precision, r.recall))")
            }
        }
    }

    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }

    static func peakRSSMegabytes() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
    }
}
