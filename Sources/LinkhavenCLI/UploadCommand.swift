import ArgumentParser
import Crypto
import Foundation
import LinkhavenCore

/// `linkhaven upload`: send a pseudonymised file and its manifest to the platform.
struct UploadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload a pseudonymised file (plain or gzip) with its manifest; resumes after a dropped connection.",
        discussion: """
            The API token comes from LINKHAVEN_TOKEN or --token-file (mode 0600). The file is sent in parts; if the
            connection drops, or the platform restarts or is busy, the tool waits (saying why, with growing pauses, for up to
            --retry-for seconds), asks the platform how much arrived safely and carries on from there; running the same
            command again resumes too (uploads are idempotent by content hash) until the platform abandons an upload that
            has had no bytes for a day. The platform then checks the
            file against the agreement, the project key's fingerprint and the spec, runs the breach guard, and reports
            data quality. Exit status: 0 accepted, 1 rejected, 2 a breach incident, other values errors.
            """)
    @Argument(help: "The pseudonymised CSV (or .csv.gz).") var file: String
    @Option(help: "Its manifest (default: beside it, <stem>.manifest.json).") var manifest: String?
    @Option(help: "The platform's address, e.g. https://linkhaven.example.gov.uk.") var server: String
    @Option(help: "The project's id.") var project: String
    @Option(help: "A file holding the API token (mode 0600); default $LINKHAVEN_TOKEN.") var tokenFile: String?
    @Option(help: "Bytes per part.") var partSize: Int = 8 << 20
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto
    @Option(help: "Seconds to keep trying while the platform cannot be reached, restarts or is busy.") var retryFor: Double = 600

    func run() throws {
        let client = try PlatformClient(server: server, token: try PlatformClient.apiToken(file: tokenFile), retryFor: retryFor)
        let manifestPath = manifest ?? Paths.stem(file.hasSuffix(".gz") ? String(file.dropLast(3)) : file) + ".manifest.json"
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw CLIError("cannot read the manifest '\(manifestPath)' (give it with --manifest; pseudonymise writes it beside the file)")
        }
        guard let m = try? JSONDecoder().decode(PseudonymisationManifest.self, from: manifestData) else {
            throw CLIError("'\(manifestPath)' is not a manifest written by linkhaven pseudonymise")
        }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError("cannot read '\(file)'") }
        defer { try? handle.close() }
        var hasher = SHA256(), size = 0
        while let d = try handle.read(upToCount: 1 << 20), !d.isEmpty { hasher.update(data: d); size += d.count }
        try handle.seek(toOffset: 0)
        let gzip = (try handle.read(upToCount: 2)).map { Array($0) == [0x1F, 0x8B] } ?? false
        let announce: [String: Any] = ["project": project, "manifest": try JSONSerialization.jsonObject(with: JSONEncoder().encode(m)),
                                       "size": size, "sha256": Hex.encode(hasher.finalize()), "encoding": gzip ? "gzip" : "identity"]
        let created = try client.send("POST", "api/v1/uploads", json: try JSONSerialization.data(withJSONObject: announce))
        guard [200, 201].contains(created.status) else { throw CLIError("the platform refused the upload: \(PlatformClient.problem(created))") }
        var upload = try JSONDecoder().decode(UploadState.self, from: created.body)
        let bar = ProgressBar()
        let start = ContinuousClock.now
        while upload.status == "receiving", upload.received < size {
            try handle.seek(toOffset: UInt64(upload.received))
            let part = try handle.read(upToCount: partSize) ?? Data()
            let r = try client.send("PUT", "api/v1/uploads/\(upload.id)/content", body: part, headers: ["Upload-Offset": String(upload.received)])
            if r.status == 409 {   // part of it arrived before a fault (or the upload ended): ask what the platform has
                let now = try client.send("GET", "api/v1/uploads/\(upload.id)")
                guard now.status == 200 else { throw CLIError("the platform lost track of the upload: \(PlatformClient.problem(now))") }
                let state = try JSONDecoder().decode(UploadState.self, from: now.body)
                if state.status == "receiving", state.received == upload.received { throw CLIError("the platform refused the part: \(PlatformClient.problem(r))") }
                upload = state
            } else {
                guard r.status == 200 else { throw CLIError("the platform refused the part: \(PlatformClient.problem(r))") }
                upload = try JSONDecoder().decode(UploadState.self, from: r.body)
            }
            bar.update(ProgressSnapshot(rows: 0, bytesRead: upload.received, totalBytes: size, elapsed: (ContinuousClock.now - start).seconds))
        }
        bar.finish()
        if upload.status == "receiving" {
            let r = try client.send("POST", "api/v1/uploads/\(upload.id)/complete")
            guard [200, 202].contains(r.status) else { throw CLIError("the platform did not take the upload: \(PlatformClient.problem(r))") }
            upload = try JSONDecoder().decode(UploadState.self, from: r.body)
        }
        if upload.status == "validating" { client.say("the platform is checking the file (breach guard, manifest, data quality)…") }
        while upload.status == "validating" {
            Thread.sleep(forTimeInterval: 0.2)
            let r = try client.send("GET", "api/v1/uploads/\(upload.id)")
            guard r.status == 200 else { throw CLIError(PlatformClient.problem(r)) }
            upload = try JSONDecoder().decode(UploadState.self, from: r.body)
        }
        var quality: DataQualityReport? = nil
        if upload.status == "accepted", let r = try? client.send("GET", "api/v1/uploads/\(upload.id)/quality"), r.status == 200 {
            quality = try? JSONDecoder().decode(DataQualityReport.self, from: r.body)
        }
        try report(upload, quality: quality)
    }

    struct UploadState: Codable {
        var id: String, dataset: String, status: String, received: Int, size: Int
        var problems: [Problem], version: Int?, incident: String?, duplicate: Bool?
        struct Problem: Codable { var line: Int?; var column: String?; var reason: String }
    }

    struct Outcome: Codable { var upload: UploadState; var quality: DataQualityReport? }

    func report(_ u: UploadState, quality: DataQualityReport?) throws {
        if format.isJSON { print(try OutputFormat.json(Outcome(upload: u, quality: quality))) } else {
            switch u.status {
            case "accepted":
                print("'\(u.dataset)' \(u.duplicate == true ? "was already uploaded" : "accepted") as version \(u.version ?? 0) (upload \(u.id)).")
                if let quality { print(quality.summary) }
            case "breach":
                print("REJECTED AND DELETED: the file holds data that is not pseudonymised. Breach incident \(u.incident ?? "") is open; nothing was kept.")
                for p in u.problems { print("  column '\(p.column ?? "")': \(p.reason)") }
            default:
                print("Rejected (\(u.status)); nothing was kept:")
                for p in u.problems { print("  " + [p.line.map { "line \($0)" }, p.column.map { "column '\($0)'" }, p.reason].compactMap { $0 }.joined(separator: ", ")) }
            }
        }
        switch u.status { case "accepted": return; case "breach": throw ExitCode(2); default: throw ExitCode(1) }
    }
}
