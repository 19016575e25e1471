import Fluent
import SQLKit
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import Testing
import Vapor

/// The key vault on its own (keys kept, shredded with a tombstone, certified once, private files) and as the platform
/// reconciles it with its database at every start: keys a database from before the vault held are adopted; a key an
/// old copy of the vault brings back for a version since destroyed is erased again.
@Suite("The key vault")
struct KeyVaultTests {
    static func scratchVault() throws -> (KeyVault, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhvault-\(UUID())").path
        return (try KeyVault(directory: dir + "/vault"), dir)
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func keysAreKeptShreddedAndCertifiedOnce() throws {
        let (vault, dir) = try Self.scratchVault()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = UUID(), b = UUID(), dataset = UUID(), wrapped = "wrapped-" + UUID().uuidString
        try vault.put(a, wrapped: wrapped)
        try vault.put(b, wrapped: "other")
        guard case .key(let read) = try vault.entry(a) else { Issue.record("the key is kept"); return }
        #expect(read == wrapped)
        #expect(try Self.mode(vault.directory) == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: vault.directory).allSatisfy { (try? Self.mode(vault.directory + "/" + $0)) == 0o600 })
        #expect(try vault.listing().keys.sorted { $0.uuidString < $1.uuidString } == [a, b].sorted { $0.uuidString < $1.uuidString })

        let at = Date(timeIntervalSince1970: 1_800_000_000.123)
        try vault.shred(a, dataset: dataset, wholeDataset: true, at: at)
        guard case .destroyed(let t) = try vault.entry(a) else { Issue.record("a tombstone is left"); return }
        #expect(t.dataset == dataset && t.wholeDataset && t.certificate == nil && abs(t.erasedAt.timeIntervalSince(at)) < 0.001)
        let everything = try FileManager.default.contentsOfDirectory(atPath: vault.directory).map { try String(contentsOfFile: vault.directory + "/" + $0, encoding: .utf8) }
        #expect(!everything.contains { $0.contains(wrapped) }, "the key is in no file of the vault")
        #expect(throws: KeyVaultError.self) { try vault.put(a, wrapped: wrapped) }   // never put back
        try vault.shred(a, dataset: dataset, wholeDataset: true, at: at.addingTimeInterval(60))   // again: harmless, the first time stands
        guard case .destroyed(let same) = try vault.entry(a) else { Issue.record("still destroyed"); return }
        #expect(abs(same.erasedAt.timeIntervalSince(at)) < 0.001)

        let first = UUID(), second = UUID()
        try vault.certify(a, dataset: dataset, wholeDataset: true, at: at, certificateID: first, document: "{\"id\":\"first\"}")
        try vault.certify(a, dataset: dataset, wholeDataset: true, at: at, certificateID: second, document: "{\"id\":\"second\"}")
        guard case .destroyed(let certified) = try vault.entry(a) else { Issue.record("certified"); return }
        #expect(certified.certificateID == first && certified.certificate == "{\"id\":\"first\"}", "the first certificate stands")
        #expect(try vault.listing().destroyed == [a] && vault.listing().keys == [b])

        vault.discard(b)
        if case .missing = try vault.entry(b) {} else { Issue.record("a discarded key leaves nothing") }
    }

    @Test func aCrashBetweenTombstoneAndErasureStillReadsDestroyed() throws {
        let (vault, dir) = try Self.scratchVault()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = UUID()
        try vault.put(a, wrapped: "k")
        try vault.shred(a, dataset: UUID(), wholeDataset: false, at: Date())
        // The key file as a crash after the tombstone but before the erasure would have left it.
        try Data("k".utf8).write(to: URL(fileURLWithPath: vault.directory + "/" + a.uuidString.lowercased() + ".key"))
        if case .destroyed = try vault.entry(a) {} else { Issue.record("the tombstone wins") }
        try vault.shred(a, dataset: UUID(), wholeDataset: false, at: Date())
        #expect(try vault.listing().keys.isEmpty)
    }

    /// A database from before the vault (each version's key in `wrapped_key`) is adopted at start: the keys move to the
    /// vault, the database keeps the marker, every version opens; and a key an old copy of the vault brings back for a
    /// version the database says is destroyed is erased again. Both audited.
    @Test func theDatabaseAndTheVaultAreReconciled() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await IngestFixture.make(h, households: 30)
            for name in f.manifests.keys.sorted() {
                let (bytes, m) = try f.file(name)
                #expect(try await h.upload(f, token: f.partnership.uploadToken(for: name), bytes: bytes, manifest: m).status == .accepted)
            }
            let platform = h.app.platform, service = IngestService(app: h.app)
            let versions = try await DatasetVersion.query(on: h.app.db).sort(\.$number).all()
            #expect(!versions.isEmpty && versions.allSatisfy { $0.wrappedKey == KeyVault.marker })
            var wrapped: [UUID: String] = [:]
            for v in versions {   // back as a build before the vault kept them
                guard case .key(let w) = try platform.keyVault.entry(try v.requireID()) else { Issue.record("in the vault"); return }
                wrapped[try v.requireID()] = w
                v.wrappedKey = w
                try await v.save(on: h.app.db)
                platform.keyVault.discard(try v.requireID())
            }
            let adopted = try await service.reconcileKeyVault()
            #expect(adopted.adopted == versions.count && adopted.destroyedAgain.isEmpty && adopted.erasedAgain == 0)
            for v in try await DatasetVersion.query(on: h.app.db).all() {
                #expect(v.wrappedKey == KeyVault.marker)
                #expect(try platform.storedContent(v).sha256 == v.contentSHA256.lowercased())
            }
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "platform.key-vault.adopt").count() == 1)

            // One dataset destroyed; then an old copy of the vault brings its keys back.
            let dataset = try #require(try await Dataset.query(on: h.app.db).sort(\.$name).first())
            let gone = try await DatasetVersion.query(on: h.app.db).filter(\.$datasetID == dataset.requireID()).all().map { try $0.requireID() }
            _ = try await service.destroy(dataset, reason: "a test", clause: "agreement section 7", actor: "platform")
            for id in gone {
                try FileManager.default.removeItem(atPath: platform.keyVault.directory + "/" + id.uuidString.lowercased() + ".destroyed")
                try platform.keyVault.put(id, wrapped: try #require(wrapped[id]))
            }
            let again = try await service.reconcileKeyVault()
            #expect(again.erasedAgain == gone.count && again.adopted == 0 && again.destroyedAgain.isEmpty)
            for id in gone { if case .key = try platform.keyVault.entry(id) { Issue.record("a key brought back stays erased") } }
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "platform.key-vault.erase").count() == gone.count)
            #expect(try await service.reconcileKeyVault().erasedAgain == 0, "once")
        }
    }

    /// Something failing after a version is committed (here a notification, its table moved away) leaves the version
    /// whole: its file and its key stay, and it opens. Only a version that never committed is cleaned away.
    @Test func aFailureAfterTheCommitKeepsTheVersionsFileAndKey() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h, households: 20)
            let sql = try #require(h.app.db as? any SQLDatabase)
            let name = try #require(f.manifests.keys.sorted().first)
            let (bytes, m) = try f.file(name)
            try await sql.raw("ALTER TABLE notifications RENAME TO notifications_away").run()
            let out: UploadOut
            do { out = try await h.upload(f, token: f.partnership.uploadToken(for: name), bytes: bytes, manifest: m) } catch {
                try await sql.raw("ALTER TABLE notifications_away RENAME TO notifications").run()
                throw error
            }
            try await sql.raw("ALTER TABLE notifications_away RENAME TO notifications").run()
            #expect(out.status == .accepted)
            let v = try #require(try await DatasetVersion.query(on: h.app.db).first())
            #expect(try h.app.platform.storedContent(v).sha256 == v.contentSHA256.lowercased(), "the committed version opens")
        }
    }
}
