import Foundation
import Testing

/// `linkhaven-server`'s commands, run as the real binary: each is listed and has its own help, a bad
/// option is refused before anything starts, and `migrate` brings a new database up to date and stops.
@Suite struct ServerCommandTests {
    static let binary = ServerProcess.products.appendingPathComponent("linkhaven-server")
    static let commands = ["serve", "migrate", "worker", "create-operator", "rotate-master-key", "openapi", "demo", "bench-ingest", "bench-load"]

    /// The environment of a run on a fresh SQLite data directory (never the shared test database).
    static func sqlite(_ dir: String) -> [String: String] { ["LINKHAVEN_DATA": dir, "PATH": "/usr/bin:/bin"] }

    @Test func everyCommandIsListedAndHasItsOwnHelp() throws {
        let (status, help) = try ServerProcess.run(Self.binary, ["--help"], env: Self.sqlite("/nonexistent"), timeout: 60)
        #expect(status == 0)
        for command in Self.commands { #expect(help.contains("  \(command)"), "\(command) is not listed") }
        for command in Self.commands {
            let (s, text) = try ServerProcess.run(Self.binary, ["help", command], env: Self.sqlite("/nonexistent"), timeout: 60)
            #expect(s == 0 && text.contains("USAGE: linkhaven-server \(command)"), "\(command): \(text)")
        }
    }

    @Test func aBadOptionIsRefusedBeforeAnythingStarts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lh-cmd-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, text) = try ServerProcess.run(Self.binary, ["bench-load", "--households", "5"], env: Self.sqlite(dir), timeout: 60)
        #expect(status == 64 && text.contains("--households needs a whole number from 10 to 2000000"), "\(status): \(text)")
        let (other, unknown) = try ServerProcess.run(Self.binary, ["demo", "--port", "70000"], env: Self.sqlite(dir), timeout: 60)
        #expect(other == 64 && unknown.contains("--port"), "\(other): \(unknown)")
        #expect(!FileManager.default.fileExists(atPath: dir), "nothing was started, so nothing was made")
    }

    @Test func migrateBringsANewDatabaseUpToDateAndStops() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lh-migrate-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for _ in 0..<2 {   // and a second time: nothing left to run
            let (status, text) = try ServerProcess.run(Self.binary, ["migrate"], env: Self.sqlite(dir), timeout: 120)
            #expect(status == 0 && text.contains("The schema is up to date"), "\(status): \(text)")
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/linkhaven.sqlite"))
    }
}
