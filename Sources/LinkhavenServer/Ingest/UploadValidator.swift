import Crypto
import Foundation
import LinkhavenCore

/// Why an upload was refused before its rows were looked at. Never contains a value from the file.
enum ValidationFailure: Error, CustomStringConvertible {
    case transfer(String), format(String)
    var description: String { switch self { case .transfer(let s), .format(let s): s } }
}

/// Reads a staged upload once, as a stream: decrypts it, decompresses it if gzip, checks it is
/// exactly the file its manifest describes with exactly the agreed columns, runs the breach guard
/// and the data quality profiler over every row (on every core, `PseudonymisedFileCheck`), and
/// meanwhile writes it re-encrypted under its version's data key. Only a clean, valid file's
/// stored copy is ever committed.
struct UploadValidator {
    enum Outcome {
        case accepted(storedSHA256: String, rows: Int, bytes: Int, quality: DataQualityReport)
        case rejected([UploadProblem])
        case breach(ScanReport)
    }

    let id: UUID
    let manifest: PseudonymisationManifest
    let columns: [OutputColumn]
    let declaredSize: Int, declaredSHA256: String, gzip: Bool
    static let problemsKept = 100

    func run(staging: StagingReader, store: any FileStore, storedName: String, dataKey: SymmetricKey) throws -> Outcome {
        let header = try JSONEncoder().encode(["upload": id.uuidString, "dataset": manifest.dataset])
        let writer = try store.create(storedName, header: Array(header), key: dataKey)
        let bytes = try StagedPlaintext(staging: staging, gzip: gzip, writer: writer)
        bytes.start()
        defer { try? bytes.finish() }
        let reader = CSVReader { try bytes.read(into: $0) }
        guard let head = try reader.next()?.fields.map(\.trimmingWhitespace) else { throw ValidationFailure.format("the file is empty") }
        let expected = columns.map(\.name)
        // A header cell holding a name, date or number is a breach (a data row exported where the header
        // should be), not a mistake in the columns: it raises an incident like any other leak.
        let inHeader = IdentifierScanner.scanHeader(head, agreed: Set(expected))
        if !inHeader.isEmpty { return .breach(ScanReport(rows: 0, findings: inHeader)) }
        guard head == expected else {
            let missing = expected.filter { !head.contains($0) }, extra = head.filter { !expected.contains($0) }
            var why: [String] = []
            if !missing.isEmpty { why.append("missing \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { why.append("not agreed: \(extra.count) column\(extra.count == 1 ? "" : "s")") }
            if why.isEmpty { why.append("the agreed columns are in another order") }
            return .rejected([UploadProblem(line: 1, column: nil, reason: "the columns are not exactly the agreed ones (" + why.joined(separator: "; ") + ")")])
        }
        var check = PseudonymisedFileCheck(dataset: manifest.dataset, columns: columns)
        check.workerStart = { LinkhavenCore.System.lowerThreadPriority() }
        let result = try check.run(reader: reader, afterFirstBatch: { Failpoint.hit("validation.midway") })
        var problems = result.problems.map { UploadProblem(line: $0.line, column: $0.column, reason: $0.reason) }
        var problemCount = result.problemCount
        func problem(_ p: UploadProblem) { problemCount += 1; if problems.count < Self.problemsKept { problems.append(p) } }
        try bytes.finish()
        let findings = result.scan
        if !findings.isClean { return .breach(findings) }   // the writer is dropped: its temporary file goes with it
        if bytes.sent != declaredSize || Hex.encode(bytes.sentHash.finalize()) != declaredSHA256.lowercased() {
            problem(UploadProblem(line: nil, column: nil, reason: "the bytes received (\(bytes.sent)) are not the file announced; upload it again"))
        } else if Hex.encode(bytes.plainHash.finalize()) != manifest.fileSHA256.lowercased() {
            problem(UploadProblem(line: nil, column: nil, reason: "the file is not the one its manifest describes (SHA-256 differs)"))
        }
        if result.rows != manifest.rows.written {
            problem(UploadProblem(line: nil, column: nil, reason: "the file has \(result.rows) rows; its manifest says \(manifest.rows.written)"))
        }
        if problemCount > problems.count {
            problems.append(UploadProblem(line: nil, column: nil, reason: "\(problemCount - problems.count) more problems not listed"))
        }
        if !problems.isEmpty { return .rejected(problems) }
        let stored = try writer.commit()
        return .accepted(storedSHA256: stored, rows: result.rows, bytes: writer.plaintextCount, quality: result.quality)
    }
}
