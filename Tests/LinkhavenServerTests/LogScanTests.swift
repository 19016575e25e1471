import Foundation
import LinkhavenCore
import LinkhavenServer
import Logging
import Testing

/// No raw identifier of the synthetic data in any log line: `.ci/run` points every test process and every server it
/// starts at one directory (`LINKHAVEN_LOG_SCAN_DIR`) for both suites, SQLite and PostgreSQL, and the demo's output
/// too, then runs `suiteLogsHoldNoIdentifier` (`LINKHAVEN_LOG_SCAN=1`), which fails on the first line holding one.
@Suite("Log scan")
struct LogScanTests {
    /// The scanner finds an identifier planted in a JSON line, however punctuated, and nothing in lines without one.
    @Test func scannerFindsWhatItLooksFor() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lhscan-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let scanner = try LeakScanner(households: 40, scratch: scratch)
        #expect(scanner.count > 50)
        let reader = try CSVReader(path: scratch + "/police.csv")
        let header = try #require(try reader.next()?.fields)
        let row = try #require(try reader.next()?.fields)
        func field(_ name: String) throws -> String { row[try #require(header.firstIndex(of: name))] }
        let name = try field("forename") + " " + field("surname")
        let planted = [
            "{\"message\":\"upload refused\",\"detail\":\"\(name)\"}", "{\"who\":\"\(name.uppercased().replacingOccurrences(of: " ", with: "_"))\"}",
            "{\"postcode\":\"\(try field("postcode"))\"}", "record \(row[0]) rejected", "{\"a\":\"\(try field("address"))\"}",
            "born \(try field("dob"))",
        ]
        for line in planted { #expect(scanner.find(in: Array(line.utf8)) != nil, "a planted identifier is found") }
        let clean = [
            "{\"time\":\"2026-12-06T23:21:02.176Z\",\"level\":\"info\",\"logger\":\"codes.vapor.application\",\"message\":\"request\",\"duration_ms\":6.9,"
                + "\"method\":\"GET\",\"request_id\":\"B2E273DA-1A58-4F09-ACC9-A08586E4491E\",\"route\":\"/api/v1/runs/:run\",\"status\":200}",
            "{\"message\":\"[Migrator] Finished prepare\",\"migration\":\"LinkhavenServer.CreateOrganisation\"}",
        ]
        for line in clean { #expect(scanner.find(in: Array(line.utf8)) == nil, "\(line)") }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["LINKHAVEN_LOG_SCAN"] == "1"))
    func suiteLogsHoldNoIdentifier() throws {
        let directory = try #require(ProcessInfo.processInfo.environment["LINKHAVEN_LOG_SCAN_DIR"], "LINKHAVEN_LOG_SCAN_DIR names the logs")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lhscan-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let scanner = try LeakScanner(households: 3_000, scratch: scratch)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        var lines = 0, json = 0
        #expect(files.contains { $0.hasPrefix("tests-") } && files.contains { $0.hasPrefix("server-") }, "the test processes' and the servers' logs: \(files)")
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
            var lineNumber = 0
            for line in data.split(separator: 0x0A) {
                lineNumber += 1; lines += 1
                if let kind = scanner.find(in: Array(line)) {
                    Issue.record("\(file) line \(lineNumber) holds a \(kind.rawValue) of the synthetic data (the line is not repeated here)")
                    return
                }
                if file.hasSuffix(".jsonl") {
                    guard (try? JSONSerialization.jsonObject(with: Data(line))) is [String: Any] else {
                        Issue.record("\(file) line \(lineNumber) is not a JSON object")
                        return
                    }
                    json += 1
                }
            }
        }
        #expect(lines > 1_000 && json > 1_000, "\(lines) lines scanned, \(json) of them JSON")
        print("log scan: \(lines) lines in \(files.count) files, \(json) JSON objects, \(scanner.count) identifiers looked for: none found")
    }
}
