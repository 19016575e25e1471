import Foundation
import LinkhavenServer
import Logging

/// Every log line the suite's servers write, kept for `LogScanTests`: in the test process swift-log writes JSON lines
/// (the production handler) to `<directory>/tests-<pid>.jsonl`; servers and workers started as processes append theirs
/// to `<directory>/server-<id>.jsonl` (`LINKHAVEN_LOG_FILE`). The directory is `LINKHAVEN_LOG_SCAN_DIR` (`.ci/run`
/// sets it, then scans it after both suites), or one of the process's own in the temporary directory.
enum SuiteLog {
    static let directory: String = {
        let dir = ProcessInfo.processInfo.environment["LINKHAVEN_LOG_SCAN_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("linkhaven-suite-logs-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return dir
    }()

    /// Bootstraps swift-log once for the test process (before the first application makes its logger).
    static let bootstrapped: Void = {
        let sink = (try? LogSink(path: directory + "/tests-\(getpid()).jsonl")) ?? .standardOutput
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: .info, sink: sink) }
    }()

    /// A log file of its own for a server process.
    static func serverLogFile() -> String { directory + "/server-\(UUID().uuidString.prefix(8)).jsonl" }
}
