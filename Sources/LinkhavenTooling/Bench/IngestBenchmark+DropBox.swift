import Crypto
import Foundation
import LinkhavenCore
import LinkhavenServer
import Vapor

extension IngestBenchmark {
    /// The drop-box against HTTPS on one large file each, in the same run: a file of `rows` rows is put whole into its
    /// provider's drop (as sshd leaves it) and timed until its receipt is written; another of the same size is uploaded
    /// over loopback HTTP and timed until accepted. Both go through the same checks, breach guard, quality report and
    /// encrypted store.
    static func dropBoxComparison(_ app: Application, _ client: APIClient, _ p: DemoPartnership, rows: Int, base: String,
                                  say: @escaping @Sendable (String) -> Void) async throws {
        let name = p.manifests.max { $0.value.rows.written < $1.value.rows.written }!.key
        say("making two files of \(rows) rows from '\(name)' (\(p.manifests[name]!.rows.written) rows, repeated with fresh record tokens)")
        let (httpsFile, httpsManifest) = try largeFile(p, dataset: name, rows: rows, salt: "https", to: base + "/large-https.csv")
        let (dropFile, dropManifest) = try largeFile(p, dataset: name, rows: rows, salt: "sftp", to: base + "/large-sftp.csv")
        let size = try FileManager.default.attributesOfItem(atPath: dropFile)[.size] as? Int ?? 0
        let organisations = [p.county, p.borough, p.police]
        guard let provider = organisations.first(where: { $0.id == p.providerOf[name] }) else { throw APIClientError("no provider for '\(name)'") }
        let account = try await client.call(API.sftpAccount, provider.id, token: provider.tokens[.orgAdmin]!).account
        let layout = SFTPLayout(root: base + "/sftp")
        try FileManager.default.createDirectory(atPath: layout.drop(account), withIntermediateDirectories: true)
        let clock = ContinuousClock()

        say("dropping \(String(format: "%.1f", Double(size) / 1e6)) MB into \(account)'s drop and waiting for the receipt")
        try JSONEncoder().encode(dropManifest).write(to: URL(fileURLWithPath: base + "/large.manifest.json"))
        let dropped = clock.now
        guard rename(dropFile, layout.drop(account) + "/" + dropManifest.file) == 0,
              rename(base + "/large.manifest.json", layout.drop(account) + "/large.manifest.json") == 0 else { throw APIClientError("could not drop the file") }
        let receiptPath = layout.receipts(account) + "/" + dropManifest.file + ".json"
        while !FileManager.default.fileExists(atPath: receiptPath) { try await SFTPDropBox.look(app, root: layout.root, settle: 0) }
        let dropSeconds = (clock.now - dropped).seconds
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        let receipt = try d.decode(SFTPReceipt.self, from: Data(contentsOf: URL(fileURLWithPath: receiptPath)))
        guard receipt.outcome == "accepted" else { throw APIClientError("the dropped file was not accepted: \(receipt.outcome) \(receipt.reason ?? "")") }

        say("uploading the other over loopback HTTP")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: httpsFile), options: .alwaysMapped)
        let sent = clock.now
        let u = try await client.upload(project: p.project, token: p.uploadToken(for: name), bytes: bytes, manifest: httpsManifest,
                                        parts: max(1, bytes.count / (8 << 20)))
        let httpsSeconds = (clock.now - sent).seconds
        guard u.status == .accepted else { throw APIClientError("the uploaded file was not accepted: \(u.problems.map(\.reason))") }
        say("""

            Drop-box against HTTPS upload: one file of \(rows) rows (\(String(format: "%.1f", Double(size) / 1e6)) MB) each, '\(name)'
              drop to receipt (claim, announcement checks, encrypted staging, plaintext deleted, breach guard, quality, store): \
            \(String(format: "%.1f", dropSeconds)) s (\(String(format: "%.0f", Double(rows) / dropSeconds)) rows/s), version \(receipt.upload?.version ?? 0)
              HTTPS upload to accepted (8 MiB parts over loopback): \(String(format: "%.1f", httpsSeconds)) s, version \(u.version ?? 0)
              ratio drop / HTTPS: \(String(format: "%.2f", dropSeconds / httpsSeconds))
            """)
    }

    /// Writes `rows` rows of `dataset`'s pseudonymised file, repeating its rows with record tokens made fresh per
    /// repetition (from `salt`), so every row is a distinct record; returns the path and a manifest to match.
    static func largeFile(_ p: DemoPartnership, dataset: String, rows: Int, salt: String, to path: String) throws -> (String, PseudonymisationManifest) {
        let reader = try CSVReader(path: p.directory + "/\(dataset).pseudo.csv")
        let header = try reader.next()!.fields
        var source: [[String]] = []
        while let r = try reader.next() { source.append(r.fields) }
        guard !source.isEmpty, let tokenColumn = header.firstIndex(of: "record_token") else { throw APIClientError("'\(dataset)' has no rows or no record_token") }
        FileManager.default.createFile(atPath: path, contents: nil)
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? h.close() }
        var hasher = SHA256(), buffer: [UInt8] = []
        CSVWriter.encode(header, into: &buffer)
        for i in 0..<rows {
            var row = source[i % source.count]
            let repetition = i / source.count
            row[tokenColumn] = Base64URL.encode(Array(SHA256.hash(data: Array("\(salt)/\(repetition)/\(row[tokenColumn])".utf8))).prefix(16))
            CSVWriter.encode(row, into: &buffer)
            if buffer.count >= 8 << 20 { hasher.update(data: buffer); h.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
        }
        hasher.update(data: buffer); h.write(Data(buffer))
        var m = p.manifests[dataset]!
        m.fileSHA256 = Hex.encode(hasher.finalize()); m.rows.written = rows; m.rows.read = rows
        return (path, m)
    }
}
