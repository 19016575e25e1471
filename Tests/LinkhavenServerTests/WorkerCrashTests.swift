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
    /// Starts the worker binary on the data directory (and the test database, if any).
    static func worker(_ data: String, log: String, failpoint: String? = nil) throws -> Process {
        let p = Process()
        try ServerProcess.launch(p, ["worker"], dataDirectory: data, log: log, failpoint: failpoint,
                                 environment: ["LINKHAVEN_WORKER_HEARTBEAT_SECONDS": "0.5", "LINKHAVEN_WORKER_STALE_SECONDS": "3"])
        return p
    }

    /// Waits (up to three minutes: a loaded CI machine is slow) for a worker armed with a failpoint to
    /// kill itself there; shows its log if it did not.
    static func expectKilled(_ worker: Process, log: String, _ what: String) async throws {
        for _ in 0..<1800 where worker.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!worker.isRunning && worker.terminationReason == .uncaughtSignal,
                "\(what): \((try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2000) ?? "")")
    }

    @Test func killedWorkerRunIsClaimedAgainAndFinished() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await LinkageRunTests.prepare(h)
            let analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            let data = h.app.platform.config.dataDirectory
            let first = try Self.worker(data, log: h.scratch + "/worker1.log", failpoint: "linkage.scoring")
            try await Self.expectKilled(first, log: h.scratch + "/worker1.log", "the worker died at its failpoint")
            let halfway = try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(queued.id)", token: analyst)
            #expect(halfway.status == .running && halfway.attempts == 1)
            #expect(try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).count() == 0, "nothing half-stored")

            let second = try Self.worker(data, log: h.scratch + "/worker2.log")
            defer { if second.isRunning { second.terminate(); second.waitUntilExit() } }
            let done = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst, seconds: 120)
            let log = (try? String(contentsOfFile: h.scratch + "/worker2.log", encoding: .utf8)) ?? ""
            #expect(done.status == .succeeded && done.attempts == 2, "\(done.error ?? done.progress) \(log)")
            let rows = f.manifests.values.reduce(0) { $0 + $1.rows.written }
            #expect(try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).count() == rows, "each record once")
            second.terminate(); second.waitUntilExit()
            #expect(second.terminationStatus == 0, "a worker stops cleanly on SIGTERM")
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
            let first = try Self.worker(data, log: h.scratch + "/worker1.log", failpoint: "linkage.storing")
            try await Self.expectKilled(first, log: h.scratch + "/worker1.log", "the worker died while storing")
            let halfway = try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(queued.id)", token: analyst)
            #expect(halfway.status == .running && halfway.report == nil, "not succeeded: its results are not visible")
            #expect(try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).count() > 0, "some batches were committed")
            let review = try await h.call(.GET, "api/v1/runs/\(queued.id)/review", token: analyst)
            let pairs = try review.json([ReviewPairOut].self)
            #expect(review.status == .ok && pairs.isEmpty)

            let second = try Self.worker(data, log: h.scratch + "/worker2.log")
            defer { if second.isRunning { second.terminate(); second.waitUntilExit() } }
            let done = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst, seconds: 120)
            #expect(done.status == .succeeded && done.attempts == 2, "\(done.error ?? done.progress)")
            let rows = f.manifests.values.reduce(0) { $0 + $1.rows.written }
            let stored = try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).all()
            #expect(stored.count == rows && Set(stored.map { $0.dataset + "/" + $0.recordKey }).count == rows, "each record once")
        }
    }
}
