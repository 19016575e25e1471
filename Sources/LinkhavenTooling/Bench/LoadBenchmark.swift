import Fluent
import Foundation
import LinkhavenServer
import LinkhavenCore
import NIOCore
import Vapor

/// The mixed-load benchmark: a platform of its own on loopback doing everything at once — a linkage
/// run storing its results, concurrent uploads being validated, many connections reading, a sign-in
/// storm — then reads alone, and one large upload alone. Reports per request class and throws if
/// anything was lost or any request failed. Client and server share the machine (and the process).
public enum LoadBenchmark {
    /// Runs the benchmark in a directory of its own, removed after, the server logging at `info` — one line per
    /// request, as in production — wherever the process's logging goes (`bootstrapLogging`).
    public static func run(_ o: Options, say: @escaping @Sendable (String) -> Void) async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("linkhaven-bench-load-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try await Application.running("bench-load", logLevel: .info) { app in try await runServing(app, o, base: base, say: say) }
    }

    /// Sends the process's logs to the file at `path` through the platform's own logging, configured as in production
    /// (JSON lines at `info`, appended, mode 0600). Call once per process, before `run`, with `o.logFile` set to the same
    /// path for the report to count its lines.
    public static func bootstrapLogging(to path: String) throws {
        var env = Environment(name: "bench-load", arguments: ["linkhaven-server", "--log", "info"])
        try PlatformLogging.bootstrap(from: &env, settings: ["LINKHAVEN_LOG_FORMAT": "json", "LINKHAVEN_LOG_FILE": path])
    }

    /// Counts replies with a 5xx status, whatever sent them.
    final class ServerErrors: @unchecked Sendable {
        private let lock = NSLock(); private var n = 0
        func add() { lock.withLock { n += 1 } }
        var count: Int { lock.withLock { n } }
    }

    static func runServing(_ app: Application, _ o: Options, base: String, say: @escaping @Sendable (String) -> Void) async throws {
        var config = ServerConfiguration(dataDirectory: base + "/data", databaseURL: o.databaseURL)
        config.retentionSweepInterval = 0
        config.inProcessWorkers = 1
        // Every client here is 127.0.0.1: the per-address sign-in limit would answer the storm with 429 before the
        // lockout is reached. It is lifted so that the storm measures the lockout itself.
        config.signInBurst = 1_000_000
        app.http.client.configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                                             concurrentHTTP1ConnectionsPerHostSoftLimit: o.connections + o.uploaders + 16)
        app.http.client.configuration.timeout = .init(connect: .seconds(10), read: .seconds(600))
        try await configure(app, config)
        guard try await app.platformIsEmpty() else { throw APIClientError("the benchmark needs an empty database") }
        let port = try await app.serveOnLoopback()
        let errors = ServerErrors()
        let http = APIClient.http(app, base: "http://127.0.0.1:\(port)")
        let client = APIClient(base: "http://127.0.0.1:\(port)") { method, path, headers, body in
            let r = try await http.transport(method, path, headers, body)
            if r.status.code >= 500 { errors.add() }
            return r
        }
        say("serving on 127.0.0.1:\(port) (\(o.databaseURL == nil ? "SQLite" : "PostgreSQL")); generating \(o.households) households and setting up the partnership")
        let p = try await DemoPartnership.make(app: app, client: client, directory: base + "/provider", households: o.households)
        var outcomes: [IngestBenchmark.Outcome] = []
        var records = 0
        for name in p.manifests.keys.sorted() {
            let (bytes, m) = try p.file(name)
            let u = try await client.upload(project: p.project, token: p.uploadToken(for: name), bytes: bytes, manifest: m, parts: 4, patience: .seconds(3600))
            guard u.status == .accepted else { throw APIClientError("setting up: \(name) was \(u.status)") }
            outcomes.append(.init(job: .init(dataset: name, bytes: bytes, manifest: m, token: p.uploadToken(for: name)), upload: u))
            records += m.rows.written
        }
        _ = try await client.call(API.setLinkConfig, p.project, body: JSONDocument(text: try String(contentsOfFile: p.directory + "/link-config.json", encoding: .utf8)),
                                  token: p.county.tokens[.analyst]!)
        let jobs = try uploads(p, count: o.uploaders, rows: o.uploadRows, salt: 1)
        say("set up: \(records) records in six datasets. Mixed phase: a linkage run over them, \(jobs.count) uploads of \(o.uploadRows) rows "
            + "(\(String(format: "%.0f", Double(jobs.reduce(0) { $0 + $1.bytes.count }) / 1e6)) MB), \(o.connections) reading connections, "
            + "a storm of \(o.storm) wrong-password sign-ins")
        let mixed = try await mixedPhase(app, client, p, o, jobs: jobs, say: say)
        outcomes += mixed.outcomes
        say("mixed phase done in \(String(format: "%.1f", mixed.seconds)) s; reads alone, then pages alone, for \(o.readSeconds) s each at \(o.connections) connections")
        let (readRate, alone) = try await readPhase(client, p, connections: o.connections, seconds: o.readSeconds)
        let (pageRate, pagesAlone) = try await readPhase(client, p, connections: o.connections, seconds: o.readSeconds, pages: true)
        let large = try uploads(p, count: 1, rows: o.uploadRows * 2, salt: 2)[0]
        let checked = LatencySamples()
        let u = try await client.upload(project: p.project, token: large.token, bytes: large.bytes, manifest: large.manifest, parts: 8,
                                        poll: .milliseconds(10), patience: .seconds(3600)) { checked.add($0) }
        outcomes.append(.init(job: large, upload: u))
        let validationRate = Double(large.bytes.count) / 1e6 / (checked.percentile(1) / 1000)
        say("checking what was stored")
        let lost = try await IngestBenchmark.verify(app, p, outcomes)
        report(o, p: p, records: records, mixed: mixed, readRate: readRate, alone: alone, pageRate: pageRate, pagesAlone: pagesAlone, largeBytes: large.bytes.count,
               validationRate: validationRate, errors: errors.count, lost: lost, say: say)
        guard lost.isEmpty, errors.count == 0, mixed.failures == 0, alone.failures + pagesAlone.failures == 0, u.status == .accepted else {
            throw APIClientError("\(errors.count) 5xx replies, \(mixed.failures + alone.failures + pagesAlone.failures) failed requests, \(lost.count) uploads lost or altered")
        }
    }

    /// Distinct files of `rows` rows for the datasets in turn: a dataset's rows repeated to size, one left out (a
    /// small partnership can leave a dataset with no rows, or one: it is passed over, or kept whole).
    static func uploads(_ p: DemoPartnership, count: Int, rows: Int, salt: Int) throws -> [IngestBenchmark.Job] {
        let names = p.manifests.filter { $0.value.rows.written > 0 }.keys.sorted()
        guard !names.isEmpty || count == 0 else { throw APIClientError("every dataset of the partnership is empty: ask for more households") }
        return try (0..<count).map { j in
            let name = names[j % names.count]
            let (bytes, manifest) = try p.variant(name) { all in
                let source = all
                if all.count > 1 { all.remove(at: (j * 7 + salt) % all.count) }
                while all.count < rows { all.append(contentsOf: source.prefix(rows - all.count)) }
            }
            return IngestBenchmark.Job(dataset: name, bytes: bytes, manifest: manifest, token: p.uploadToken(for: name))
        }
    }

    /// Peak resident memory of this process (server and load generator together), in MB.
    static func peakMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return kb / 1024
    }
}
