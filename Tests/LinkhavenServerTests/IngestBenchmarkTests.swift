import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing

/// The load benchmark's own checks (not its timings): it runs end to end on a small partnership
/// and its options refuse bad input.
@Suite("Ingest load benchmark")
struct IngestBenchmarkTests {
    @Test func smallRunFinishesWithNothingLost() async throws {
        var o = try IngestBenchmark.Options(arguments: ["--households", "40", "--uploaders", "3", "--uploads-per-uploader", "2", "--readers", "1"])
        o.partBytes = 4_096
        let lines = PrintedLines()
        try await IngestBenchmark.run(o) { lines.add($0) }
        let report = lines.text
        #expect(report.contains("6 uploads, 3 concurrent uploaders"), "\(report)")
        #expect(report.contains("lost or altered: 0"))
        #expect(report.contains("MB/s"))
    }

    @Test func dropBoxAgainstHTTPSRunsBothFilesToAccepted() async throws {
        let o = try IngestBenchmark.Options(arguments: ["--households", "40", "--dropbox-rows", "3000"])
        let lines = PrintedLines()
        try await IngestBenchmark.run(o) { lines.add($0) }
        let report = lines.text
        #expect(report.contains("one file of 3000 rows") && report.contains("drop to receipt") && report.contains("version 1"), "\(report)")
        #expect(report.contains("HTTPS upload to accepted") && report.contains("version 2") && report.contains("ratio drop / HTTPS"), "\(report)")
    }

    @Test func optionsRefuseBadInput() throws {
        #expect(throws: APIClientError.self) { try IngestBenchmark.Options(arguments: ["--dropbox-rows", "-1"]) }
        #expect(throws: APIClientError.self) { try IngestBenchmark.Options(arguments: ["--uploaders", "0"]) }
        #expect(throws: APIClientError.self) { try IngestBenchmark.Options(arguments: ["--households"]) }
        #expect(throws: APIClientError.self) { try IngestBenchmark.Options(arguments: ["--database-url", "mysql://x"]) }
        #expect(throws: APIClientError.self) { try IngestBenchmark.Options(arguments: ["--fast"]) }
        #expect(try IngestBenchmark.Options(arguments: ["--readers", "0"]).readers == 0)
    }
}

/// The lines a command prints through its `say` closure, collected from any task.
final class PrintedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ s: String) { lock.withLock { lines.append(s) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
