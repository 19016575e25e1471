import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Kills the real server binary part-way through an upload, a validation and a destruction, and
/// checks that nothing accepted is lost and nothing half-written is kept. Uploads go through the
/// provider tool (`linkhaven upload`), over real HTTP on 127.0.0.1.
@Suite("Crash recovery with the server binary and the provider tool", .serialized)
struct CrashRecoveryTests {
    @Test func killedMidUploadValidationAndDestruction() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await IngestFixture.make(h)
            let data = h.app.platform.config.dataDirectory
            let port = ServerProcess.freePort()
            func upload(_ dataset: String, _ token: String) throws -> (Int32, String) {
                try ServerProcess.linkhaven(["upload", f.dir + "/\(dataset).pseudo.csv", "--server", "http://127.0.0.1:\(port)", "--project", f.project,
                                             "--part-size", "8192", "--format", "text"], env: ["LINKHAVEN_TOKEN": token])
            }

            // 1. Killed after the first part of an upload: the tool waits, the server comes back, the upload resumes.
            var server = try await ServerProcess(dataDirectory: data, port: port, failpoint: "upload.after-chunk")
            let tool = Task.detached { try upload("housing", f.boroughUpload) }
            #expect(try await server.waitForCrash())
            server = try await ServerProcess(dataDirectory: data, port: port)
            let (status, out) = try await tool.value
            #expect(status == 0 && out.contains("accepted as version 1"), "\(out)")

            // 2. Killed while validating: the tool waits out the restart (saying so), the validation runs again, and
            //    the same command reports the outcome, with no raw network error.
            server.stop()
            server = try await ServerProcess(dataDirectory: data, port: port, failpoint: "validation.midway")
            let waiting = Task.detached { try upload("police", f.policeUpload) }
            #expect(try await server.waitForCrash())
            server = try await ServerProcess(dataDirectory: data, port: port)
            let (again, out2) = try await waiting.value
            #expect(again == 0 && out2.contains("accepted as version 1"), "\(out2)")
            #expect(out2.contains("cannot reach the platform") && out2.contains("trying again in"), "it said what it waited for: \(out2)")
            #expect(!out2.contains("NSURLErrorDomain"), "\(out2)")

            // 3. Killed after the first key is erased: on restart the destruction finishes and is certified.
            server.stop()
            server = try await ServerProcess(dataDirectory: data, port: port, failpoint: "destruction.after-shred")
            let housing = try #require(try await Dataset.query(on: h.app.db).filter(\.$name == "housing").first(), "step 1 accepted housing")
            let answer: (Int, Data)?
            do { answer = try await server.send("POST", "api/v1/datasets/\(try housing.requireID())/destroy", token: f.borough[.orgAdmin]!) } catch { answer = (0, Data("\(error)".utf8)) }
            #expect(try await server.waitForCrash(seconds: 10), "\(answer.map { "\($0.0) " + String(decoding: $0.1, as: UTF8.self) } ?? "")")
            server = try await ServerProcess(dataDirectory: data, port: port)
            let destroyed = try #require(try await Dataset.query(on: h.app.db).filter(\.$name == "housing").first())
            #expect(destroyed.status == .destroyed)
            #expect(try await CertificateModel.query(on: h.app.db).count() == 1)

            // Nothing half-written anywhere; the police version is intact and readable.
            let stored = try FileManager.default.contentsOfDirectory(atPath: data + "/store")
            let police = try await DatasetVersion.query(on: h.app.db).filter(\.$status == .current).all()
            #expect(stored == police.map(\.storedName), "only the live version's file is stored")
            #expect(try FileManager.default.contentsOfDirectory(atPath: data + "/staging").isEmpty)
            let key = try h.app.platform.versionKey(police[0])
            var bytes = Data()
            try h.app.platform.store.open(police[0].storedName, key: key).forEachChunk { bytes.append($0) }
            #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: f.dir + "/police.pseudo.csv"))))

            // Each acceptance recorded once, through the kills, and every chain verifies.
            let accepts = try await AuditEventModel.query(on: h.app.db).filter(\.$action == "upload.accept").count()
            let unchained = try await AuditOutboxEntry.query(on: h.app.db).count()
            #expect(accepts == 2 && unchained == 0)
            let chains = try await h.brokenAuditChains()
            #expect(chains.broken.isEmpty, "\(chains.broken)")
            _ = server
        }
    }
}
