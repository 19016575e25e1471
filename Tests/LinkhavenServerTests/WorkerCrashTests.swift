import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// A `linkhaven-server worker` process killed in the middle of a run: another worker claims the
/// run once the heartbeat is stale, restarts it cleanly and finishes it.
@Suite("Linkage worker processes", .serialized)
struct WorkerCrashTests {
    /// A `linkhaven-server worker` process, with where its output and its JSON log lines go.
    struct Worker {
        let process = Process()
        let output: String
        let jsonLog: String
        /// What it wrote last, for a failing expectation.
        var tail: String { ServerProcess.tail(output: output, jsonLog: jsonLog) }

        /// Starts the worker binary on the data directory (and the test database, if any).
        init(_ data: String, log: String, failpoint: String? = nil, environment: [String: String] = [:]) throws {
            output = log
            let beats = ["LINKHAVEN_WORKER_HEARTBEAT_SECONDS": "0.5", "LINKHAVEN_WORKER_STALE_SECONDS": "3"]
            jsonLog = try ServerProcess.launch(process, ["worker"], dataDirectory: data, log: log, failpoint: failpoint,
                                               environment: beats.merging(environment) { $1 })
        }

        func stop() { if process.isRunning { process.terminate(); process.waitUntilExit() } }
    }

    /// Waits for a worker armed with a failpoint to kill itself there; shows its log if it did not. Up to ten
    /// minutes: with the whole suite running at once on two cores, a CI machine has taken over three to get there.
    static func expectKilled(_ worker: Worker, _ what: String) async throws {
        for _ in 0..<6000 where worker.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!worker.process.isRunning && worker.process.terminationReason == .uncaughtSignal, "\(what): \(worker.tail)")
    }

    @Test func killedWorkerRunIsClaimedAgainAndFinished() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await LinkageRunTests.prepare(h)
            let analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            let data = h.app.platform.config.dataDirectory
            let first = try Worker(data, log: h.scratch + "/worker1.log", failpoint: "linkage.scoring")
            try await Self.expectKilled(first, "the worker died at its failpoint")
            let halfway = try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(queued.id)", token: analyst)
            #expect(halfway.status == .running && halfway.attempts == 1)
            #expect(try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).count() == 0, "nothing half-stored")

            let second = try Worker(data, log: h.scratch + "/worker2.log")
            defer { second.stop() }
            let done = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst, seconds: 600)
            #expect(done.status == .succeeded && done.attempts == 2, "\(done.error ?? done.progress) \(second.tail)")
            let rows = f.manifests.values.reduce(0) { $0 + $1.rows.written }
            #expect(try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).count() == rows, "each record once")
            second.stop()
            #expect(second.process.terminationStatus == 0, "a worker stops cleanly on SIGTERM")
        }
    }

    /// Killed while writing the results (some batches committed, the run not yet succeeded): nothing is
    /// visible, and the next worker removes the partial rows before storing its own, so each record is stored once.
    @Test func workerKilledWhileStoringLeavesNothingVisibleAndNothingTwice() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await LinkageRunTests.prepare(h)
            let analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            let data = h.app.platform.config.dataDirectory
            let first = try Worker(data, log: h.scratch + "/worker1.log", failpoint: "linkage.storing")
            try await Self.expectKilled(first, "the worker died while storing")
            let halfway = try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(queued.id)", token: analyst)
            #expect(halfway.status == .running && halfway.report == nil, "not succeeded: its results are not visible")
            #expect(try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).count() > 0, "some batches were committed")
            let review = try await h.call(.GET, "api/v1/runs/\(queued.id)/review", token: analyst)
            let pairs = try review.json([ReviewPairOut].self)
            #expect(review.status == .ok && pairs.isEmpty)

            let second = try Worker(data, log: h.scratch + "/worker2.log")
            defer { second.stop() }
            let done = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst, seconds: 600)
            #expect(done.status == .succeeded && done.attempts == 2, "\(done.error ?? done.progress) \(second.tail)")
            let rows = f.manifests.values.reduce(0) { $0 + $1.rows.written }
            let stored = try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).all()
            #expect(stored.count == rows && Set(stored.map { $0.dataset + "/" + $0.recordKey }).count == rows, "each record once")
            let recorded = try await AuditEventModel.query(on: h.app.db).filter(\.$action == "linkage.succeed").count()
            #expect(recorded == 1, "its success recorded once, with it")
            let chains = try await h.brokenAuditChains()
            #expect(chains.broken.isEmpty, "\(chains.broken)")
        }
    }
}
