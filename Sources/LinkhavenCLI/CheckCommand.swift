import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven check`: scan a CSV for values that look like un-pseudonymised identifiers.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Scan a CSV for things that look like identifiers, reporting columns and lines, never values.",
        discussion: """
            Looks for person names, NHS numbers passing modulus 11, National Insurance numbers, full postcodes,
            e-mail addresses, phone numbers, full dates (possible dates of birth), street addresses, and values in
            token columns that are not well-formed tokens; judges each cell against its column (a surname pasted into
            a code column), and the header. With --spec (and --dataset, or a file named <dataset>.pseudo.csv) each
            column is checked as the spec says — the platform's own check, word for word. Exit status: 0 clean,
            1 findings, other values errors. Run it on every file before upload.
            """
    )

    @Argument(help: "The CSV file to scan.")
    var file: String
    @Option(help: "Text encoding of the file: utf8 or windows-1252.")
    var encoding: TextEncoding = .utf8
    @Option(help: "Report format: text, json, or auto (text on a terminal).")
    var format: OutputFormat = .auto
    @Option(help: "The linkage spec: check each column as it says (kinds, types, code lists).")
    var spec: String?
    @Option(help: "The spec's dataset the file is (default: from a file name <dataset>.pseudo.csv).")
    var dataset: String?

    /// The columns of `--dataset` (or the file's) in `--spec`, or `nil` without a spec.
    func columns() throws -> [OutputColumn]? {
        guard let spec else {
            if dataset != nil { throw CLIError("--dataset needs --spec") }
            return nil
        }
        let s = try SpecLoader.load(path: spec)
        let base = URL(fileURLWithPath: file).lastPathComponent
        let name = dataset ?? (base.hasSuffix(".pseudo.csv") ? String(base.dropLast(".pseudo.csv".count)) : nil)
        let names = s.datasets.map(\.name).joined(separator: ", ")
        guard let name else { throw CLIError("say which dataset of '\(spec)' '\(file)' is with --dataset (one of \(names))") }
        guard let d = s.datasets.first(where: { $0.name == name }) else {
            throw CLIError("'\(spec)' has no dataset '\(name)' (it has \(names)); name it with --dataset")
        }
        return d.outputColumns
    }

    func run() throws {
        let columns = try columns()
        let reader = try CSVReader(path: file, encoding: encoding)
        let total = Paths.fileSize(file)
        let bar = ProgressBar()
        let clock = ContinuousClock()
        let start = clock.now
        let report = try IdentifierScanner.scan(reader: reader, columns: columns) { rows, bytes in
            bar.update(ProgressSnapshot(rows: rows, bytesRead: bytes, totalBytes: total, elapsed: (clock.now - start).seconds))
        }
        bar.finish()
        if format.isJSON {
            print(try OutputFormat.json(report))
        } else if report.isClean {
            print("\(file): \(Terminal.grouped(report.rows)) rows scanned; nothing that looks like an identifier.")
        } else {
            print("\(file): \(Terminal.grouped(report.rows)) rows scanned; these columns hold values that look like identifiers:")
            for f in report.findings {
                let more = f.count > f.lines.count ? ", …" : ""
                let place = f.placement.map { " — \($0.label)" } ?? ""
                let column = f.placement == .header ? f.column : "column '\(f.column)'"
                print("  \(column): \(Terminal.grouped(f.count)) × \(f.kind.label)\(place) (lines \(f.lines.map { String($0) }.joined(separator: ", "))\(more))")
            }
            print("Do not upload this file.")
            let places = Set(report.findings.compactMap(\.placement))
            if !places.isDisjoint(with: [.wholeColumn, .tokenColumn]) {
                print("  Whole columns: pseudonymise or drop them in the linkage spec, then pseudonymise again.")
            }
            if !places.isDisjoint(with: [.singleCells, .freeText, .header]) {
                print("  Single cells, free text, the header: correct those lines in the extract (a value pasted into the wrong")
                print("  column, a name in a note), then pseudonymise again. `--spec` checks each column as the agreement describes it.")
            }
        }
        if !report.isClean { throw ExitCode(1) }
    }
}
