import Fluent
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import LinkhavenServer
import Testing

/// PostgreSQL taken away for ten seconds in the middle of an upload (every connection cut, new ones
/// refused, through a relay on 127.0.0.1 between the server binary and the real database): the server
/// stays up and answers 503 with Retry-After, never a 500; the provider tool waits it out; the upload
/// then completes once, with its bytes intact, and every audit chain verifies.
@Suite("The database unavailable mid-upload (server binary, PostgreSQL)", .serialized)
struct DatabaseOutageTests {
    static let database = ProcessInfo.processInfo.environment["LINKHAVEN_TEST_DATABASE_URL"]

    /// The relay (`Tests/faults/outage_proxy.py`): SIGUSR1 takes the database away, SIGUSR2 brings it back.
    final class OutageRelay {
        let process = Process()
        let port = ServerProcess.freePort()

        init(to host: String, _ targetPort: Int) throws {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("faults/outage_proxy.py")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [script.path, String(port), host, String(targetPort), "--lifetime", "900"]
            let said = Pipe()
            process.standardOutput = said
            try process.run()
            // Listening before the server is pointed at it: the relay says "up" once it accepts connections.
            var heard = Data()
            while !String(decoding: heard, as: UTF8.self).contains("up") {
                let more = said.fileHandleForReading.availableData
                guard !more.isEmpty else { throw ServerProcessError("the relay did not start") }
                heard.append(more)
            }
        }
        func down() { kill(process.processIdentifier, SIGUSR1) }
        func up() { kill(process.processIdentifier, SIGUSR2) }
        deinit { if process.isRunning { process.terminate(); process.waitUntilExit() } }
    }

    @Test(.enabled(if: database != nil, "needs PostgreSQL (LINKHAVEN_TEST_DATABASE_URL): SQLite is a file, not a server that can go away"))
    func uploadWaitsOutTenSecondsWithoutTheDatabaseAndCompletesOnce() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await IngestFixture.make(h, households: 1000)
            let given = try #require(Self.database)
            var url = try #require(URLComponents(string: given))
            let host = try #require(url.host), dbPort = try #require(url.port)
            let relay = try OutageRelay(to: host, dbPort)
            url.port = relay.port
            let data = h.app.platform.config.dataDirectory, port = ServerProcess.freePort()
            let relayed = try #require(url.string)
            let server = try await ServerProcess(dataDirectory: data, port: port, environment: ["DATABASE_URL": relayed])
            defer { server.stop() }
            let file = f.dir + "/housing.pseudo.csv"
            let tool = Task.detached {
                try ServerProcess.linkhaven(["upload", file, "--server", "http://127.0.0.1:\(port)", "--project", f.project, "--part-size", "8192",
                                             "--format", "text"], env: ["LINKHAVEN_TOKEN": f.boroughUpload])
            }

            // Mid-upload (its first bytes staged), the database goes.
            let staging = data + "/staging", clock = ContinuousClock(), until = clock.now + .seconds(120)
            while clock.now < until, ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            relay.down()
            let stagedAtOutage = try FileManager.default.contentsOfDirectory(atPath: staging)
            #expect(!stagedAtOutage.isEmpty, "the upload had begun")

            // Meanwhile the server answers, cleanly: 503, Retry-After, the problem in words, promptly.
            var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/projects/\(f.project)/datasets")!)
            r.setValue("Bearer \(f.county[.analyst]!)", forHTTPHeaderField: "Authorization")
            let asked = clock.now
            let (body, response) = try await URLSession.shared.data(for: r)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 503 && http.value(forHTTPHeaderField: "Retry-After") == "5", "\(http.statusCode)")
            #expect(String(decoding: body, as: UTF8.self).contains("database is unavailable"))
            #expect(clock.now - asked < .seconds(15), "answered without hanging")
            try await Task.sleep(for: .seconds(10))
            #expect(server.process.isRunning, "the server stayed up")
            relay.up()

            // The tool waited it out and the upload completed, once, with its bytes intact.
            let (status, out) = try await tool.value
            #expect(status == 0 && out.contains("accepted as version 1"), "\(out)")
            #expect(out.contains("answered 503") && !out.contains("answered 500"), "it waited through clean refusals: \(out)")
            let versions = try await DatasetVersion.query(on: h.app.db).all()
            #expect(versions.count == 1)
            let version = try #require(versions.first)
            var bytes = Data()
            try h.app.platform.store.open(version.storedName, key: try h.app.platform.versionKey(version)).forEachChunk { bytes.append($0) }
            #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: file))))
            let log = (try? String(contentsOfFile: server.log, encoding: .utf8)) ?? ""
            #expect(!log.contains("something went wrong"), "no request failed as a fault of the code")

            // After: the server serves again without a restart, and every audit chain verifies.
            #expect(try await server.get("api/v1/projects/\(f.project)/datasets", token: f.county[.analyst]!).0 == 200)
            let chains = try await h.brokenAuditChains()
            #expect(chains.broken.isEmpty, "\(chains.broken)")
        }
    }
}
