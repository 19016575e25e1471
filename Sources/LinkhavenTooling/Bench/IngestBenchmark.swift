import Crypto
import Fluent
import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

/// The ingest load benchmark: many concurrent uploads and readers against a real server on
/// loopback, then a check that every accepted byte is stored as sent. Reports MB/s and latency
/// percentiles; `run` throws if anything was lost or any request failed.
public enum IngestBenchmark {
    struct Job: Sendable { var dataset: String; var bytes: Data; var manifest: PseudonymisationManifest; var token: String }
    struct Outcome: Sendable { var job: Job; var upload: UploadOut?; var error: String? = nil }

    /// Runs the benchmark; `say` gets progress lines and the report.
    public static func run(_ o: Options, say: @escaping @Sendable (String) -> Void) async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("linkhaven-bench-ingest-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try await Application.running("bench") { app in try await runServing(app, o, base: base, say: say) }
    }

    static func runServing(_ app: Application, _ o: Options, base: String, say: @escaping @Sendable (String) -> Void) async throws {
        var config = ServerConfiguration(dataDirectory: base + "/data", databaseURL: o.databaseURL)
        config.retentionSweepInterval = 0
        config.bcryptCost = 10
        config.signInBurst = 200   // the set-up signs in some twenty users at once from 127.0.0.1
        try await configure(app, config)
        guard try await app.platformIsEmpty() else { throw APIClientError("the benchmark needs an empty database") }
        let port = try await app.serveOnLoopback()
        let client = APIClient.http(app, base: "http://127.0.0.1:\(port)")
        say("serving on 127.0.0.1:\(port) (\(o.databaseURL == nil ? "SQLite" : "PostgreSQL")); generating \(o.households) households and setting up the partnership")
        let p = try await DemoPartnership.make(app: app, client: client, directory: base + "/provider", households: o.households)
        if o.dropBoxRows > 0 { return try await dropBoxComparison(app, client, p, rows: o.dropBoxRows, base: base, say: say) }
        let jobs = try makeJobs(p, count: o.uploaders * o.uploadsPerUploader)
        let total = jobs.reduce(0) { $0 + $1.bytes.count }
        say("\(jobs.count) uploads (\(String(format: "%.1f", Double(total) / 1e6)) MB) by \(o.uploaders) uploaders, \(o.readers) readers")

        let uploads = LatencySamples(), parts = LatencySamples(), reads = LatencySamples()
        let clock = ContinuousClock(), started = clock.now
        let done = ManagedAtomicFlag()
        let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { group in
            for u in 0..<o.uploaders {
                let mine = stride(from: u, to: jobs.count, by: o.uploaders).map { jobs[$0] }
                group.addTask {
                    var out: [Outcome] = []
                    for job in mine {
                        let began = clock.now
                        let partCount = max(1, (job.bytes.count + o.partBytes - 1) / o.partBytes)
                        do {
                            let r = try await client.upload(project: p.project, token: job.token, bytes: job.bytes, manifest: job.manifest,
                                                            parts: partCount) { parts.add($0) }
                            if r.status == .accepted { uploads.add(clock.now - began) } else { uploads.fail() }
                            out.append(Outcome(job: job, upload: r))
                        } catch {
                            uploads.fail()
                            out.append(Outcome(job: job, upload: nil, error: "\(error)"))
                        }
                    }
                    return out
                }
            }
            let readerGroup = Task {
                await withTaskGroup(of: Void.self) { readersGroup in
                    for r in 0..<o.readers {
                        readersGroup.addTask { await read(client, p, reader: r, until: done, samples: reads) }
                    }
                }
            }
            var all: [Outcome] = []
            for try await batch in group { all += batch }
            done.set()
            await readerGroup.value
            return all
        }
        let elapsed = clock.now - started
        let seconds = elapsed.seconds
        say("all uploads finished in \(String(format: "%.1f", seconds)) s; checking what was stored")
        let lost = try await verify(app, p, outcomes)
        say("""

            Ingest load benchmark: \(jobs.count) uploads, \(o.uploaders) concurrent uploaders, \(o.readers) readers, \
            \(o.households) households, \(o.partBytes) B parts, \(o.databaseURL == nil ? "SQLite" : "PostgreSQL"), loopback HTTP
              throughput: \(String(format: "%.2f", Double(total) / 1e6 / seconds)) MB/s accepted end to end \
            (\(total) bytes in \(String(format: "%.1f", seconds)) s: transfer, validation, breach guard, quality, encrypted store)
              \(LatencySamples.header)
              \(uploads.row("upload (to accepted)"))
              \(parts.row("part PUT"))
              \(reads.row("read"))
              lost or altered: \(lost.count) (every accepted version decrypted and its SHA-256 compared with the file sent)
            """)
        for problem in lost { say("  LOST: \(problem)") }
        guard lost.isEmpty, uploads.failures == 0, reads.failures == 0 else {
            throw APIClientError("\(uploads.failures) uploads and \(reads.failures) reads failed; \(lost.count) files lost or altered")
        }
    }

    /// Distinct files: each dataset's file with a different row left out, round-robin over the six datasets.
    static func makeJobs(_ p: DemoPartnership, count: Int) throws -> [Job] {
        let names = p.manifests.keys.sorted()
        return try (0..<count).map { j in
            let name = names[j % names.count]
            let (bytes, manifest) = try p.variant(name) { rows in if !rows.isEmpty { rows.remove(at: (j / names.count) % rows.count) } }
            return Job(dataset: name, bytes: bytes, manifest: manifest, token: p.uploadToken(for: name))
        }
    }
}
