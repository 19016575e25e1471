import ArgumentParser
import Crypto
import Foundation
import LinkhavenCore

extension ProblemPolicy: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

/// `linkhaven pseudonymise`: turn a CSV extract into a pseudonymised file, a manifest, a
/// problems report and a re-identification vault.
struct PseudonymiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pseudonymise",
        abstract: "Pseudonymise a CSV extract with a linkage spec and the project key.",
        discussion: """
            Writes, beside the input (or, with --out elsewhere, beside that) unless told otherwise:
              <name>.pseudo.csv            the pseudonymised file (to upload)
              <name>.pseudo.manifest.json  its manifest (to upload with it)
              <name>.problems.csv          line, column and reason for every unusable value (never the value)
              <name>.vault                 your encrypted re-identification vault (keep it; never upload it)
            Nothing is written if the run fails or stops; existing files are never replaced without --force.
            """,
        aliases: ["pseudonymize"]
    )

    @Argument(help: "The CSV extract (with a header row), or - for standard input.")
    var input: String
    @Option(help: "The linkage spec (JSON).")
    var spec: String
    @Option(help: "Which of the spec's datasets this file is (needed when the spec has several).")
    var dataset: String?
    @Option(help: "The project secret key file.")
    var key: String
    @Option(help: "Your own vault key file (makes record tokens and encrypts the vault).")
    var vaultKey: String
    @Option(help: "The pseudonymised CSV to write.")
    var out: String?
    @Option(help: "The manifest to write.")
    var manifest: String?
    @Option(help: "The vault to write.")
    var vault: String?
    @Option(help: "The problems report to write.")
    var problems: String?
    @Option(help: "What to do with a row that has an unusable value: blank (treat it as missing), skip-row, or stop.")
    var onProblem: ProblemPolicy = .blank
    @Option(help: "Text encoding of the input: utf8 or windows-1252.")
    var encoding: TextEncoding = .utf8
    @Option(help: "Worker threads (default: all cores).")
    var workers: Int = System.coreCount
    @Option(help: "Report format: text, json, or auto (text on a terminal).")
    var format: OutputFormat = .auto
    @Flag(help: "Replace existing output files.")
    var force = false
    @Flag(help: "Go on when most values of a column cannot be used (by default the run stops early, naming the column).")
    var keepGoing = false

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        if input == "-", out == nil { throw ValidationError("reading standard input needs --out") }
    }

    func run() throws {
        let specData = try Data(contentsOf: URL(fileURLWithPath: spec))
        let linkageSpec = try SpecLoader.load(data: specData, file: spec)
        let ds = try pickDataset(linkageSpec)
        let projectSecret = try SecretKey.read(from: key)
        let vaultSecret = try SecretKey.read(from: vaultKey)
        guard projectSecret.fingerprint != vaultSecret.fingerprint else {
            throw CLIError("--key and --vault-key are the same key; the vault key must be your own, not the shared project key")
        }
        let reader = try CSVReader(path: input, encoding: encoding)
        guard let header = try reader.next() else { throw CLIError("'\(input)' is empty: it needs a header row") }
        let plan = try DatasetPlan(spec: linkageSpec, dataset: ds, header: header.fields, projectSecret: projectSecret,
                                   vaultSecret: vaultSecret, specDirectory: Paths.directory(of: spec))
        // Every file goes where the output goes: beside --out when given (housing.pseudo.csv -> housing.*), else beside the input.
        let stem = out.map { o in Paths.stem(o).hasSuffix(".pseudo") ? String(Paths.stem(o).dropLast(".pseudo".count)) : Paths.stem(o) }
            ?? Paths.stem(input)
        let outPath = out ?? stem + ".pseudo.csv"
        let manifestPath = manifest ?? Paths.stem(outPath) + ".manifest.json"
        let vaultPath = vault ?? stem + ".vault"
        let problemsPath = problems ?? stem + ".problems.csv"
        let paths = [outPath, manifestPath, vaultPath, problemsPath]
        guard !paths.contains(input), Set(paths).count == paths.count else {
            throw CLIError("the input and output files must all be different")
        }
        if !force, let existing = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw CLIError("'\(existing)' already exists (use --force to replace it)")
        }
        let output = CSVWriter(file: try AtomicFileWriter(path: outPath, overwrite: force, mode: 0o644))
        let problemWriter = CSVWriter(file: try AtomicFileWriter(path: problemsPath, overwrite: force, mode: 0o644))
        try problemWriter.write(["line", "column", "reason"])
        let vaultWriter = try VaultWriter(path: vaultPath, header: Vault.Header(dataset: ds.name, project: linkageSpec.project,
                                                                                 vaultKeyFingerprint: vaultSecret.fingerprint),
                                          secret: vaultSecret, overwrite: force)
        let bar = ProgressBar()
        var job = PseudonymisationJob(plan: plan, policy: onProblem, workers: workers)
        if keepGoing { job.unusableColumnLimit = nil }
        let summary: PseudonymisationSummary
        do {
            summary = try job.run(reader: reader, totalBytes: input == "-" ? 0 : Paths.fileSize(input), output: output,
                                  problems: { try problemWriter.write([String($0.line), $0.column, $0.reason]) },
                                  vault: vaultWriter, progress: { bar.update($0) })
        } catch let stop as ColumnMostlyUnusable {
            bar.finish()
            throw CLIError(stop.description + " To go on anyway, with those values treated as --on-problem says, add --keep-going.")
        }
        bar.finish()
        try problemWriter.file.commit()
        let m = PseudonymisationManifest(
            plan: plan, summary: summary, specSHA256: Hex.encode(SHA256.hash(data: specData)),
            outputFileName: (outPath as NSString).lastPathComponent, createdAt: ISO8601DateFormatter().string(from: Date()),
            policy: onProblem)
        let mw = try AtomicFileWriter(path: manifestPath, overwrite: force, mode: 0o644)
        try mw.write(try OutputFormat.json(m) + "\n")
        try mw.commit()
        report(m, seconds: summary.seconds, files: (outPath, manifestPath, vaultPath, problemsPath))
    }

    func pickDataset(_ s: LinkageSpec) throws -> DatasetSpec {
        if let dataset {
            guard let d = s.datasets.first(where: { $0.name == dataset }) else {
                throw CLIError("the spec has no dataset '\(dataset)' (it has: \(s.datasets.map(\.name).joined(separator: ", ")))")
            }
            return d
        }
        guard s.datasets.count == 1 else {
            throw CLIError("the spec has several datasets; say which with --dataset (\(s.datasets.map(\.name).joined(separator: ", ")))")
        }
        return s.datasets[0]
    }

    struct Report: Encodable {
        var manifest: PseudonymisationManifest
        var seconds: Double, rowsPerSecond: Double
        var files: [String: String]
    }

    func report(_ m: PseudonymisationManifest, seconds: Double, files: (String, String, String, String)) {
        let rate = seconds > 0 ? Double(m.rows.read) / seconds : 0
        if format.isJSON {
            let r = Report(manifest: m, seconds: seconds, rowsPerSecond: rate,
                           files: ["output": files.0, "manifest": files.1, "vault": files.2, "problems": files.3])
            print((try? OutputFormat.json(r)) ?? "{}")
            return
        }
        print("Pseudonymised \(Terminal.grouped(m.rows.read)) rows of '\(m.dataset)' in \(String(format: "%.1f", seconds)) s (\(Terminal.grouped(Int(rate))) rows/s).")
        print("  written: \(Terminal.grouped(m.rows.written))   skipped: \(Terminal.grouped(m.rows.skipped))   rows with problems: \(Terminal.grouped(m.rows.withProblems))")
        for (column, n) in m.problemsByColumn.sorted(by: { $0.key < $1.key }) {
            print("    \(column): \(Terminal.grouped(n)) unusable value\(n == 1 ? "" : "s")")
        }
        if !m.droppedColumns.isEmpty { print("  dropped columns: \(m.droppedColumns.joined(separator: ", "))") }
        print("  key fingerprint: \(m.keyFingerprint)")
        print("  output:   \(files.0)\n  manifest: \(files.1)\n  problems: \(files.3)\n  vault:    \(files.2)  (keep it; never upload it)")
        if m.rows.withProblems > 0 { print("See \(files.3) for the line and column of each problem.") }
    }
}
