import Fluent
import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// While a linkage worker stores a run's results, other users' requests answer: the results go in
/// bounded batches, each its own short transaction, so a request never waits behind the whole store.
/// Asserted on ordering: the requests answer while the run is still storing, before it has succeeded.
@Suite("Requests answer while a run's results are stored", .serialized)
struct ResultStoreLoadTests {
    @Test func requestsAnswerBeforeALargeStoreFinishes() async throws {
        try await Harness.run(configure: { $0.inProcessWorkers = 1; $0.linkageStoreBatch = 2 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 300)
            let analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            // Wait until the worker is part-way through writing the results.
            func stored() async throws -> Int { try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).count() }
            func status() async throws -> RunStatus { try #require(try await LinkageJob.find(queued.id, on: h.app.db)).status }
            let clock = ContinuousClock(), until = clock.now + .seconds(300)
            while try await stored() == 0, clock.now < until { try await Task.sleep(for: .milliseconds(20)) }
            let before = try await stored(), begun = try await status()
            #expect(before > 0 && begun == .running, "the store has begun")
            // A plain read, a read that records the session's last-seen (a write), and the run's own page.
            #expect(try await h.call(.GET, "api/v1/me", token: analyst).status == .ok)
            h.clock.advance(61)
            #expect(try await h.call(.GET, "api/v1/me", token: analyst).status == .ok)
            let page = try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(queued.id)", token: analyst)
            #expect(page.status == .running, "the run's page shows it still storing, not partial results")
            let review = try await h.call(.GET, "api/v1/runs/\(queued.id)/review", token: analyst)
            let pairs = try review.json([ReviewPairOut].self)
            #expect(review.status == .ok && pairs.isEmpty, "nothing of a run is read before it succeeds")
            let after = try await status()
            #expect(after == .running, "all of them answered before the store finished")
            let during = try await stored()
            #expect(during > before, "the worker went on writing meanwhile (\(before) → \(during))")
            let run = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst)
            #expect(run.status == .succeeded)
            let records = try await LinkedRecord.query(on: h.app.db).filter(\.$runID == queued.id).all()
            #expect(Set(records.map { $0.dataset + "/" + $0.recordKey }).count == records.count, "no record stored twice")
            #expect(records.count > 2 * 100, "many batches")
            let job = try #require(try await LinkageJob.find(queued.id, on: h.app.db))
            #expect(job.finishedAt != nil && job.progress == "done")
        }
    }
}
