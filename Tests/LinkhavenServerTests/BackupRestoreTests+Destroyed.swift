import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

extension BackupRestoreTests {
    /// Destroyed stays destroyed: a backup is taken, then a dataset is destroyed; the data directory and database are
    /// wiped and the backup restored (with the platform's live key vault, which no backup holds). The restore reports the
    /// dataset as destroyed since the backup, with its certificate; its versions cannot be read, their files and the
    /// linkage results derived from them are gone again, and the other datasets open as before.
    @Test func aDatasetDestroyedAfterTheBackupStaysDestroyedWhenItIsRestored() async throws {
        let place = try Apart()
        defer { place.remove() }
        let key = place.key, vault = place.vault
        var certificate: DestructionCertificate?, destroyedVersions: [UUID] = [], kept: [UUID: String] = [:]
        var analyst = "", runID: UUID?

        try await Harness.run(ticking: true, configure: { $0.masterKeyPath = key; $0.keyVaultPath = vault; $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h)
            analyst = f.county[.analyst]!
            let run = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(try await LinkageRunTests.waitFor(h, run: run.id, token: analyst).status == .succeeded)
            runID = run.id
            let (status, out) = try ServerProcess.run(Self.binary, ["backup", "--to", place.backup],
                                                      env: ServerProcess.environment(dataDirectory: h.app.platform.config.dataDirectory, extra: place.environment), timeout: 600)
            #expect(status == 0, "\(out)")

            // After the backup: the borough destroys its housing data early.
            let housing = try #require(try await Dataset.query(on: h.app.db).filter(\.$name == "housing").first())
            destroyedVersions = try await DatasetVersion.query(on: h.app.db).filter(\.$datasetID == housing.requireID()).all().map { try $0.requireID() }
            certificate = try await h.client.expect(DestructionCertificate.self, .POST, "api/v1/datasets/\(housing.requireID())/destroy",
                                                    token: f.borough[.provider]!)
            for v in try await DatasetVersion.query(on: h.app.db).filter(\.$wrappedKey != "").all() {
                kept[try v.requireID()] = try h.app.platform.storedContent(v).sha256
            }
            #expect(!destroyedVersions.isEmpty && !kept.isEmpty)
        }   // the data directory and its database are gone; the master key and the key vault are not

        let original = try #require(certificate)
        var restoreOutput = ""
        try await Harness.run(ticking: true, keepDatabase: true, configure: { $0.masterKeyPath = key; $0.keyVaultPath = vault; $0.verifyMasterKey = true }, seed: { data in
            restoreOutput = try Self.restore(place, into: data)
        }) { h in
            // The restore says so, with the certificate issued when it was destroyed.
            for id in destroyedVersions {
                #expect(restoreOutput.contains("dataset version \(id) was destroyed after this backup was taken") && restoreOutput.contains("certificate \(original.id)"),
                        "\(restoreOutput)")
            }
            #expect(restoreOutput.contains("\(kept.count) open and hash as recorded"), "\(restoreOutput)")

            // Its versions cannot be read: the keys stay erased, the files are gone again, the dataset is destroyed.
            let housing = try #require(try await Dataset.query(on: h.app.db).filter(\.$name == "housing").first())
            #expect(housing.status == .destroyed)
            for id in destroyedVersions {
                let v = try #require(try await DatasetVersion.find(id, on: h.app.db))
                #expect(v.status == .destroyed && v.wrappedKey.isEmpty)
                #expect(throws: (any Error).self) { try h.app.platform.storedContent(v) }
                #expect(!FileManager.default.fileExists(atPath: h.app.platform.config.dataDirectory + "/store/" + v.storedName), "its file is deleted again")
            }
            // The original certificate is held again, beside the one for applying the destruction once more.
            let certificates = try await CertificateModel.query(on: h.app.db).filter(\.$datasetID == housing.requireID()).all()
            #expect(certificates.contains { $0.id?.uuidString == original.id } && certificates.count == 2)
            let served = try await h.client.expect([DestructionCertificate].self, .GET, "api/v1/datasets/\(housing.requireID())/certificates", token: analyst)
            #expect(served.contains { $0.id == original.id && $0.signature == original.signature && $0.verify() }, "served as it was issued")
            // What was derived from it is withdrawn again: the run that read it holds none of its records.
            let records = try await LinkedRecord.query(on: h.app.db).filter(\.$runID == (try #require(runID))).all()
            #expect(!records.contains { $0.dataset == "housing" })
            // Everything else opens as before.
            for (id, sha) in kept {
                let v = try #require(try await DatasetVersion.find(id, on: h.app.db))
                #expect(try h.app.platform.storedContent(v).sha256 == sha)
            }
            let again = try await AuditEventModel.query(on: h.app.db).filter(\.$action == "dataset.destroy").count()
            #expect(again == 1, "its re-application is audited (the destruction itself came after the backup's audit chain)")
        }
    }
}
