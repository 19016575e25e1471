import Foundation
import LinkhavenServer

extension LoadBenchmark {
    /// Prints the results table.
    static func report(_ o: Options, p: DemoPartnership, records: Int, mixed m: Mixed, readRate: Double, alone: LatencySamples,
                       pageRate: Double, pagesAlone: LatencySamples,
                       largeBytes: Int, validationRate: Double, errors: Int, lost: [String], say: (String) -> Void) {
        func f(_ x: Double, _ d: Int = 1) -> String { String(format: "%.\(d)f", x) }
        let run = m.run
        let runSeconds = run.flatMap { r in r.startedAt.flatMap { s in r.finishedAt.map { $0.timeIntervalSince(s) } } } ?? 0
        let storm = m.stormStatuses.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        say("""

            Load benchmark: \(o.databaseURL == nil ? "SQLite" : "PostgreSQL"), loopback HTTP, client and server in one process on \
            \(ProcessInfo.processInfo.activeProcessorCount) cores
            Mixed phase (\(f(m.seconds)) s): a linkage run over \(records) records (\(run?.status.rawValue ?? "?") in \(f(runSeconds)) s), \
            \(o.uploaders) concurrent uploads of \(o.uploadRows) rows, \(o.connections) reading connections, a storm of \(o.storm) sign-ins\
            \(run?.error.map { "\n  the run failed: " + $0 } ?? "")
              \(LatencySamples.header)
              \(m.api.row("API read"))
              \(m.pages.row("page load"))
              \(m.duringStorm.row("reads during storm"))
              \(m.parts.row("upload part PUT"))
              \(m.uploads.row("upload (to accepted)"))
              \(m.storm.row("storm sign-in"))
              sign-in storm: \(storm); passwords checked \(m.passwordsChecked) (at most 5 allowed); account locked after: \(m.stormLocked ? "yes" : "NO")
            Reads alone (\(o.readSeconds) s, \(o.connections) connections, \(API.me.key)): \(f(readRate, 0)) requests/s
              \(alone.row("API read alone"))
            Pages alone (\(o.readSeconds) s, \(o.connections) connections, GET /app, the dashboard): \(f(pageRate, 0)) pages/s
              \(pagesAlone.row("page load alone"))
            Validation of one \(f(Double(largeBytes) / 1e6)) MB upload, alone (complete → accepted): \(f(validationRate)) MB/s
            5xx replies: \(errors); failed requests: \(m.failures + alone.failures + pagesAlone.failures); uploads lost or altered: \(lost.count); \
            peak memory (server and load generator): \(f(peakMegabytes(), 0)) MB\(logSummary(o.logFile))
            """)
        for problem in lost { say("  LOST: \(problem)") }
    }

    /// The server log's size, as a line of the report: what writing it cost is in every figure above.
    private static func logSummary(_ path: String?) -> String {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return "" }
        let lines = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return "\nserver log (JSON lines at info, one per request, as in production): \(lines) lines, "
            + String(format: "%.1f", Double(data.count) / 1e6) + " MB"
    }
}
