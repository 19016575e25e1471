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
            token columns that are not well-formed tokens. Exit status: 0 clean, 1 findings, other values errors.
            Run it on every file before upload.
            """
    )

    @Argument(help: "The CSV file to scan.")
    var file: String
    @Option(help: "Text encoding of the file: utf8 or windows-1252.")
    var encoding: TextEncoding = .utf8
    @Option(help: "Report format: text, json, or auto (text on a terminal).")
    var format: OutputFormat = .auto

    func run() throws {
        let reader = try CSVReader(path: file, encoding: encoding)
        let total = Paths.fileSize(file)
        let bar = ProgressBar()
        let clock = ContinuousClock()
        let start = clock.now
        let report = try IdentifierScanner.scan(reader: reader) { rows, bytes in
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
                print("  column '\(f.column)': \(Terminal.grouped(f.count)) × \(f.kind.label) (lines \(f.lines.map { String($0) }.joined(separator: ", "))\(more))")
            }
            print("Do not upload this file. Pseudonymise or drop these columns in the linkage spec, then check again.")
        }
        if !report.isClean { throw ExitCode(1) }
    }
}
