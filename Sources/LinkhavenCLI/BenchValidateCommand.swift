import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven bench validate`: the platform's per-row checks of an uploaded pseudonymised file
/// (breach guard, data quality profile, shape), in MB/s, on one worker and on every core, beside
/// the CSV parse alone. The platform adds decryption, hashing and re-encryption around it.
struct BenchValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Measure the upload checks (breach guard, quality profile) over a pseudonymised benchmark file, in MB/s.",
        discussion: "Generates benchmark people, pseudonymises them (5 tokens, a 1024-bit CLK, 3 blocking keys), then times each stage. Build with -c release.")
    @Option(help: "Records in the file.") var rows: Int = 220_000
    @Option(name: .customLong("repeat"), help: "Repetitions per setting (the median is reported).") var repetitions: Int = 3
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto

    struct Result: Encodable { var stage: String; var workers: Int; var megabytes: Double; var medianSeconds: Double; var megabytesPerSecond: Double }

    func run() throws {
        let dir = NSTemporaryDirectory() + "linkhaven-bench-validate-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (pseudo, columns) = try BenchCommand.pseudonymisedPeople(rows: rows, in: dir)
        let mb = Double(Paths.fileSize(pseudo)) / 1e6
        func time(_ body: () throws -> Void) rethrows -> Double {
            var runs: [Double] = []
            for _ in 0..<max(1, repetitions) {
                let start = ContinuousClock.now
                try body()
                runs.append((ContinuousClock.now - start).seconds)
            }
            return runs.sorted()[runs.count / 2]
        }
        var results: [Result] = []
        let parse = try time {
            let r = try CSVReader(path: pseudo)
            while try r.next() != nil {}
        }
        results.append(Result(stage: "CSV parse only", workers: 1, megabytes: mb, medianSeconds: parse, megabytesPerSecond: mb / parse))
        for w in Array(Set([1, System.coreCount])).sorted() {
            var rowsSeen = 0
            let s = try time {
                let r = try CSVReader(path: pseudo)
                _ = try r.next()
                let check = PseudonymisedFileCheck(dataset: "people", columns: columns, workers: w)
                let result = try check.run(reader: r)
                rowsSeen = result.rows
                guard result.scan.isClean, result.problemCount == 0 else { throw CLIError("the benchmark file did not pass its checks") }
            }
            guard rowsSeen == rows else { throw CLIError("checked \(rowsSeen) rows of \(rows)") }
            results.append(Result(stage: "parse + breach guard + profile", workers: w, megabytes: mb, medianSeconds: s, megabytesPerSecond: mb / s))
        }
        if format.isJSON { print(try OutputFormat.json(results)); return }
        print("\(Terminal.grouped(rows)) rows, \(String(format: "%.1f", mb)) MB pseudonymised; median of \(max(1, repetitions)):")
        for r in results {
            print("  \(r.stage.padding(toLength: 32, withPad: " ", startingAt: 0)) workers \(r.workers): \(String(format: "%6.2f", r.medianSeconds)) s  \(String(format: "%7.1f", r.megabytesPerSecond)) MB/s")
        }
    }
}
