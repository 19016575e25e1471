import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The drop-box watcher on its own (the drops are folders here; `SFTPDropBoxTests` puts files in them through
/// Debian's OpenSSH): what it picks up, that it goes through the same ingest as HTTPS, the receipts it writes,
/// that nothing of a file stays behind, and that it finishes exactly once whatever point it was stopped at.
@Suite("The SFTP drop-box watcher", .serialized)
struct SFTPWatcherTests {
    static let borough = "lh-z5361180", police = "lh-z4883472"

    /// The demo partnership, a drop-box root, and a watcher that takes files at once.
    static func prepare(_ h: Harness) async throws -> (IngestFixture, SFTPWatcher) {
        let f = try await IngestFixture.make(h)
        let w = SFTPWatcher(app: h.app, root: h.scratch + "/sftp", settle: 0)
        for a in [borough, police] { try FileManager.default.createDirectory(atPath: w.layout.drop(a), withIntermediateDirectories: true) }
        return (f, w)
    }

    /// Puts a file and its manifest into `account`'s drop as a provider's job would (the data first).
    static func drop(_ w: SFTPWatcher, _ account: String, _ bytes: Data, _ m: PseudonymisationManifest, name: String? = nil, manifest: Bool = true) throws {
        let file = name ?? m.file
        try bytes.write(to: URL(fileURLWithPath: w.layout.drop(account) + "/" + file))
        if manifest { try JSONEncoder().encode(m).write(to: URL(fileURLWithPath: w.layout.drop(account) + "/" + Self.manifestName(file))) }
    }

    static func manifestName(_ file: String) -> String {
        (file.hasSuffix(".gz") ? String(file.dropLast(3)) : file).replacingOccurrences(of: ".csv", with: "") + ".manifest.json"
    }

    static func receipt(_ w: SFTPWatcher, _ account: String, _ file: String) throws -> SFTPReceipt {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return try d.decode(SFTPReceipt.self, from: Data(contentsOf: URL(fileURLWithPath: w.layout.receipts(account) + "/" + file + ".json")))
    }

    /// Everything under `dir` (names only).
    static func left(_ dir: String) -> [String] {
        (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { !$0.hasSuffix(".lock") }.sorted()
    }

    @Test func aDroppedFileIsIngestedLikeAnUploadAndReceipted() async throws {
        try await Harness.run { h in
            let (f, w) = try await Self.prepare(h)
            let (bytes, m) = try f.file("housing")
            // Half-written: the data without its manifest, or a manifest whose data has not arrived, is left alone.
            try Self.drop(w, Self.borough, bytes, m, manifest: false)
            #expect(try await w.pass() == 0 && Self.left(w.layout.drop(Self.borough)) == [m.file])
            try FileManager.default.removeItem(atPath: w.layout.drop(Self.borough) + "/" + m.file)
            try Self.drop(w, Self.borough, Data(), m)
            try FileManager.default.removeItem(atPath: w.layout.drop(Self.borough) + "/" + m.file)
            #expect(try await w.pass() == 0 && Self.left(w.layout.drop(Self.borough)).count == 1)
            // Links are never followed: an account must not make the watcher read outside its drop.
            let elsewhere = h.scratch + "/elsewhere"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: elsewhere + "/" + m.file))
            try FileManager.default.removeItem(atPath: w.layout.drop(Self.borough) + "/housing.pseudo.manifest.json")
            try JSONEncoder().encode(m).write(to: URL(fileURLWithPath: elsewhere + "/housing.pseudo.manifest.json"))
            try FileManager.default.createSymbolicLink(atPath: w.layout.drop(Self.borough) + "/housing.pseudo.manifest.json", withDestinationPath: elsewhere + "/housing.pseudo.manifest.json")
            #expect(try await w.pass() == 0, "a linked manifest is not taken")
            try FileManager.default.removeItem(atPath: w.layout.drop(Self.borough) + "/housing.pseudo.manifest.json")
            try FileManager.default.createSymbolicLink(atPath: w.layout.drop(Self.borough) + "/" + m.file, withDestinationPath: elsewhere + "/" + m.file)
            try JSONEncoder().encode(m).write(to: URL(fileURLWithPath: w.layout.drop(Self.borough) + "/housing.pseudo.manifest.json"))
            #expect(try await w.pass() == 0, "nor one whose data is a link")
            for name in Self.left(w.layout.drop(Self.borough)) { try FileManager.default.removeItem(atPath: w.layout.drop(Self.borough) + "/" + name) }
            // Still being written: nothing is taken until neither file has changed for the settling time.
            try Self.drop(w, Self.borough, bytes, m)
            #expect(try await SFTPWatcher(app: h.app, root: w.layout.root, settle: 60).pass() == 0)

            #expect(try await w.pass() == 1)
            let r = try Self.receipt(w, Self.borough, m.file)
            #expect(r.outcome == "accepted" && r.upload?.version == 1 && r.upload?.dataset == "housing" && r.reason == nil)
            #expect(Self.left(w.layout.drop(Self.borough)).isEmpty, "the drop is empty")
            #expect(Self.left(w.layout.work).isEmpty, "no copy of it is left in the watcher's folder")
            let u = try #require(try await Upload.find(r.upload!.id, on: h.app.db))
            #expect(u.channel == "sftp" && u.organisation.uuidString == f.boroughOrg && u.wrappedKey.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: h.app.platform.staging.path(r.upload!.id)), "staging deleted")
            let v = try #require(try await DatasetVersion.find(u.versionID, on: h.app.db))
            #expect(v.rows == m.rows.written && v.contentSHA256 == m.fileSHA256 && !v.quality.isEmpty)
            let actions = try await AuditEventModel.query(on: h.app.db).filter(\.$actor == "sftp/\(Self.borough)").sort(\.$chain).sort(\.$seq).all().map(\.action)
            #expect(actions == ["upload.create", "upload.complete"])
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "upload.accept").count() == 1)

            // The same file again: no second version, and the receipt says so.
            try Self.drop(w, Self.borough, bytes, m)
            #expect(try await w.pass() == 1)
            let again = try Self.receipt(w, Self.borough, m.file)
            #expect(again.outcome == "accepted" && again.upload?.duplicate == true && again.upload?.version == 1)
            #expect(try await DatasetVersion.query(on: h.app.db).count() == 1 && Self.left(w.layout.drop(Self.borough)).isEmpty)
        }
    }

    @Test func aLeakIsDeletedAndBecomesAnIncidentAndRefusalsSayWhy() async throws {
        try await Harness.run { h in
            let (f, w) = try await Self.prepare(h)
            let header = try CSVReader(path: f.dir + "/housing.pseudo.csv").next()!.fields
            let column = header.firstIndex(of: "arrears") ?? header.count - 1
            let (leaked, lm) = try f.variant("housing") { rows in rows[4][column] = "943 476 5919" }
            try Self.drop(w, Self.borough, try IngestTests.gzip(leaked), lm, name: lm.file + ".gz")
            #expect(try await w.pass() == 1)
            let r = try Self.receipt(w, Self.borough, lm.file + ".gz")
            #expect(r.outcome == "breach" && r.upload?.incident != nil && r.upload?.problems.first?.line == 6)
            // The leaked number in any spelling (not "943" alone: an id or size in the receipt may hold those digits by chance).
            let receiptText = try String(contentsOfFile: w.layout.receipts(Self.borough) + "/" + lm.file + ".gz.json", encoding: .utf8)
            #expect(!["943 476 5919", "9434765919", "943-476-5919", "476 5919"].contains { receiptText.contains($0) }, "no value in the receipt")
            #expect(Self.left(w.layout.drop(Self.borough)).isEmpty && Self.left(w.layout.work).isEmpty, "every byte of it deleted")
            #expect(try await Incident.query(on: h.app.db).count() == 1)
            #expect(try await DatasetVersion.query(on: h.app.db).count() == 0)

            // The police may not provide housing: refused before anything is kept, and said why.
            let (bytes, m) = try f.file("housing")
            try Self.drop(w, Self.police, bytes, m)
            // A manifest that is not one.
            try Data("{\"not\": \"a manifest\"}".utf8).write(to: URL(fileURLWithPath: w.layout.drop(Self.police) + "/notes.manifest.json"))
            // A file made with another key.
            var other = m
            other.keyFingerprint = String(repeating: "0", count: m.keyFingerprint.count)
            try Self.drop(w, Self.borough, bytes, other)
            #expect(try await w.pass() == 3)
            let police = try Self.receipt(w, Self.police, m.file)
            #expect(police.outcome == "refused" && police.upload == nil && police.reason?.contains("no agreement of this project has your organisation providing dataset 'housing'") == true)
            #expect(try Self.receipt(w, Self.police, "notes.manifest.json").reason?.contains("is not a linkhaven-manifest/1 manifest") == true)
            #expect(try Self.receipt(w, Self.borough, m.file).reason?.contains("no project of your organisation's partnerships") == true)
            #expect(Self.left(w.layout.drop(Self.police)).isEmpty && Self.left(w.layout.drop(Self.borough)).isEmpty && Self.left(w.layout.work).isEmpty)
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "upload.create").filter(\.$outcome == "denied").count() == 3)
            #expect(try await Upload.query(on: h.app.db).count() == 1, "only the leak became an upload")
        }
    }

    /// Stopped after each step (claimed; announced; staged), a watcher that starts again carries the file on from
    /// there: one version, one receipt, nothing left behind.
    @Test func aWatcherStoppedAtAnyStepFinishesOnce() async throws {
        try await Harness.run { h in
            let (f, w) = try await Self.prepare(h)
            let (bytes, m) = try f.file("housing")
            let borough = try #require(UUID(uuidString: f.boroughOrg))
            // Claimed, then stopped: the files wait in the work folder, out of the drop.
            try Self.drop(w, Self.borough, bytes, m)
            let claimed = try #require(try w.claim(account: Self.borough, organisation: borough).first)
            #expect(Self.left(w.layout.drop(Self.borough)).isEmpty && SFTPDrop.claimed(work: w.layout.work).map(\.id) == [claimed.id])
            #expect(try await w.pass() == 1 && (try Self.receipt(w, Self.borough, m.file)).upload?.version == 1)

            // Announced (the upload recorded, receiving), then stopped.
            let (b2, m2) = try f.variant("housing") { $0.removeLast() }
            try Self.drop(w, Self.borough, b2, m2)
            let second = try #require(try w.claim(account: Self.borough, organisation: borough).first)
            #expect(try await w.announce(second) == nil)
            #expect(try await Upload.find(second.id, on: h.app.db)?.status == .receiving)
            #expect(try await w.pass() == 1 && (try Self.receipt(w, Self.borough, m2.file)).upload?.version == 2)

            // Staged and the plaintext deleted (validating), then stopped before validation: the platform restarts
            // validations when it opens (`recover`), and the next look writes the receipt.
            let (b3, m3) = try f.variant("housing") { $0.removeLast(2) }
            try Self.drop(w, Self.borough, b3, m3)
            let third = try #require(try w.claim(account: Self.borough, organisation: borough).first)
            #expect(try await w.announce(third) == nil)
            try await w.stage(try #require(try await Upload.find(third.id, on: h.app.db)), third)
            #expect(!third.hasData, "the plaintext is gone once it is staged, encrypted")
            #expect(try await w.pass() == 0, "validating: no receipt yet")
            try await IngestService(app: h.app).recover()
            await h.app.platform.work.drain()
            #expect(try await w.pass() == 1 && (try Self.receipt(w, Self.borough, m3.file)).upload?.version == 3)

            #expect(try await DatasetVersion.query(on: h.app.db).count() == 3)
            #expect(try await Upload.query(on: h.app.db).count() == 3)
            #expect(Self.left(w.layout.work).isEmpty && Self.left(w.layout.drop(Self.borough)).isEmpty)
        }
    }

    /// `linkhaven-server worker` watching the drop-box, killed with SIGKILL (a power cut) once the file is staged but
    /// before the upload says so, and once in the middle of validating it: each time the next worker finishes the
    /// file exactly once — one version per file, one receipt each, no plaintext left anywhere.
    @Test func aWorkerKilledMidIngestLosesNothingAndIngestsOnce() async throws {
        try await Harness.run(realTime: true) { h in
            let (f, w) = try await Self.prepare(h)
            let data = h.app.platform.config.dataDirectory
            let env = ["LINKHAVEN_SFTP_ROOT": w.layout.root, "LINKHAVEN_SFTP_POLL_SECONDS": "0.3"]
            let files = [try f.file("housing"), try f.variant("housing") { $0.removeLast() }]
            for (n, (failpoint, (bytes, m))) in zip(["sftp.staged", "validation.midway"], files).enumerated() {
                try Self.drop(w, Self.borough, bytes, m)
                let killed = try WorkerCrashTests.Worker(data, log: h.scratch + "/worker-\(n)-killed.log", failpoint: failpoint, environment: env)
                try await WorkerCrashTests.expectKilled(killed, "the watcher died at \(failpoint)")
                #expect(Self.left(w.layout.drop(Self.borough)).isEmpty, "claimed before it died")
                #expect(!FileManager.default.fileExists(atPath: w.layout.receipts(Self.borough) + "/" + m.file + ".json"), "not receipted yet")

                let next = try WorkerCrashTests.Worker(data, log: h.scratch + "/worker-\(n)-next.log", environment: env)
                defer { next.stop() }
                for _ in 0..<6000 where !FileManager.default.fileExists(atPath: w.layout.receipts(Self.borough) + "/" + m.file + ".json") {
                    try await Task.sleep(for: .milliseconds(100))
                }
                let r = try Self.receipt(w, Self.borough, m.file)
                #expect(r.outcome == "accepted" && r.upload?.version == n + 1,
                        "\(r.reason ?? "") \(next.tail)")
                next.stop()
                #expect(next.process.terminationStatus == 0, "a worker stops cleanly on SIGTERM")
                #expect(Self.left(w.layout.work).isEmpty && Self.left(w.layout.drop(Self.borough)).isEmpty, "nothing left behind")
                try FileManager.default.removeItem(atPath: w.layout.receipts(Self.borough) + "/" + m.file + ".json")   // as the provider's job would fetch it
            }
            #expect(try await DatasetVersion.query(on: h.app.db).count() == 2, "each file once")
            #expect(try await Upload.query(on: h.app.db).count() == 2)
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "upload.accept").count() == 2)
            #expect(Self.left(h.app.platform.staging.directory).isEmpty, "no staging left")
        }
    }
}
