import ArgumentParser
import Crypto
import Foundation
import LinkhavenAPI
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

            With --sftp ACCOUNT@HOST[:PORT] the file goes through the organisation's SFTP drop-box instead (OpenSSH's sftp in
            batch mode, signing in with a key the organisation's admin registered; no API token): the file, then its manifest,
            then the tool waits for the platform's receipt and reports it the same way, with the same exit status.
            """)
    @Argument(help: "The pseudonymised CSV (or .csv.gz).") var file: String
    @Option(help: "Its manifest (default: beside it, <stem>.manifest.json).") var manifest: String?
    @Option(help: "The platform's address, e.g. https://linkhaven.example.gov.uk.") var server: String?
    @Option(help: "The project's id.") var project: String?
    @Option(help: "Send through the SFTP drop-box instead: ACCOUNT@HOST[:PORT] (the account is lh- and your ICO number).") var sftp: String?
    @Option(help: "With --sftp: the private key to sign in with (default: ssh's own).") var identity: String?
    @Option(name: .customLong("ssh-option"), help: "With --sftp: an ssh option (-o), e.g. UserKnownHostsFile=known_hosts; repeatable.") var sshOptions: [String] = []
    @Option(help: "A file holding the API token (mode 0600); default $LINKHAVEN_TOKEN.") var tokenFile: String?
    @Option(help: "Bytes per part.") var partSize: Int = 8 << 20
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto
    @Option(help: "Seconds to keep trying while the platform cannot be reached, restarts or is busy.") var retryFor: Double = 600

    func run() throws {
        if let sftp { return try viaDropBox(sftp) }
        guard let server, let project else { throw CLIError("give --server and --project (or --sftp ACCOUNT@HOST[:PORT])") }
        guard let projectID = UUID(uuidString: project) else { throw CLIError("--project must be the project's id (a UUID)") }
        let client = try PlatformClient(server: server, token: try PlatformClient.apiToken(file: tokenFile), retryFor: retryFor)
        let manifestPath = manifest ?? Paths.stem(file.hasSuffix(".gz") ? String(file.dropLast(3)) : file) + ".manifest.json"
        let m = try loadManifest(manifestPath)
        guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError("cannot read '\(file)'") }
        defer { try? handle.close() }
        var hasher = SHA256(), size = 0
        while let d = try handle.read(upToCount: 1 << 20), !d.isEmpty { hasher.update(data: d); size += d.count }
        try handle.seek(toOffset: 0)
        let gzip = (try handle.read(upToCount: 2)).map { Array($0) == [0x1F, 0x8B] } ?? false
        let announce = UploadIn(project: projectID, manifest: m, size: size, sha256: Hex.encode(hasher.finalize()), encoding: gzip ? "gzip" : "identity")
        var upload = try client.call(API.createUpload, body: announce, refused: "the platform refused the upload")
        let bar = ProgressBar()
        let start = ContinuousClock.now
        while upload.status == .receiving, upload.received < size {
            try handle.seek(toOffset: UInt64(upload.received))
            let part = try handle.read(upToCount: partSize) ?? Data()
            let r = try client.send("PUT", API.uploadContent.relativeTarget([upload.id.uuidString]), body: part, headers: ["Upload-Offset": String(upload.received)])
            if r.status == 409 {   // part of it arrived before a fault (or the upload ended): ask what the platform has
                let state = try client.call(API.upload, upload.id.uuidString, refused: "the platform lost track of the upload")
                if state.status == .receiving, state.received == upload.received { throw CLIError("the platform refused the part: \(PlatformClient.problem(r))") }
                upload = state
            } else {
                upload = try client.decode(API.upload, r, refused: "the platform refused the part")
            }
            bar.update(ProgressSnapshot(rows: 0, bytesRead: upload.received, totalBytes: size, elapsed: (ContinuousClock.now - start).seconds))
        }
        bar.finish()
        if upload.status == .receiving {
            upload = try client.call(API.completeUpload, upload.id.uuidString, refused: "the platform did not take the upload")
        }
        if upload.status == .validating { client.say("the platform is checking the file (breach guard, manifest, data quality)…") }
        while upload.status == .validating {
            Thread.sleep(forTimeInterval: 0.2)
            upload = try client.call(API.upload, upload.id.uuidString, refused: "the platform lost track of the upload")
        }
        let quality = upload.status == .accepted ? try? client.call(API.uploadQuality, upload.id.uuidString, refused: "no quality report") : nil
        try report(upload, quality: quality)
    }

    /// The manifest at `path`, checked to be one.
    func loadManifest(_ path: String) throws -> PseudonymisationManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the manifest '\(path)' (give it with --manifest; pseudonymise writes it beside the file)")
        }
        guard let m = try? JSONDecoder().decode(PseudonymisationManifest.self, from: data) else {
            throw CLIError("'\(path)' is not a manifest written by linkhaven pseudonymise")
        }
        return m
    }

    struct Outcome: Codable { var upload: UploadOut; var quality: DataQualityReport? }

    func report(_ u: UploadOut, quality: DataQualityReport?) throws {
        if format.isJSON { print(try OutputFormat.json(Outcome(upload: u, quality: quality))) } else {
            switch u.status {
            case .accepted:
                print("'\(u.dataset)' \(u.duplicate == true ? "was already uploaded" : "accepted") as version \(u.version ?? 0) (upload \(u.id)).")
                if let quality { print(quality.summary) }
            case .breach:
                print("REJECTED AND DELETED: the file holds data that is not pseudonymised. Breach incident \(u.incident?.uuidString ?? "") is open; nothing was kept.")
                for p in u.problems { print("  column '\(p.column ?? "")': \(p.reason)") }
            default:
                print("Rejected (\(u.status.rawValue)); nothing was kept:")
                for p in u.problems { print("  " + [p.line.map { "line \($0)" }, p.column.map { "column '\($0)'" }, p.reason].compactMap { $0 }.joined(separator: ", ")) }
            }
        }
        switch u.status { case .accepted: return; case .breach: throw ExitCode(2); default: throw ExitCode(1) }
    }
}
