import Fluent
import Foundation
import LinkhavenAPI
@testable import LinkhavenServer
import Testing
import Vapor

/// The health checks a load balancer and an operator's monitoring call, without signing in: `live` answers at
/// once; `ready` says ok only when every check is, and 503 naming the one that is not — here a migration missing
/// from the log, and a run queued with no worker at work — never anything sensitive.
@Suite("Health checks", .serialized)
struct HealthTests {
    @Test func readyIsOkOnlyWhenEveryCheckIs() async throws {
        try await Harness.run { h in
            let live = try await h.call(.GET, "health/live")
            let liveOut = try live.json(HealthOut.self)
            #expect(live.status == .ok && liveOut.status == "ok")
            let ready = try await h.call(.GET, "health/ready")
            let out = try ready.json(HealthOut.self)
            #expect(ready.status == .ok && out.status == "ok", "\(out)")
            #expect(out.checks.map(\.name) == ["database", "migrations", "file store", "master key", "key vault", "linkage workers"])
            #expect(out.checks.first { $0.name == "migrations" }?.detail == "\(Migrations.all.count) of \(Migrations.all.count) applied")
            #expect(!String(decoding: ready.body, as: UTF8.self).contains(h.app.platform.config.dataDirectory), "no paths")
            #expect(try h.app.platform.store.names().allSatisfy { !$0.hasPrefix("health-") }, "the probe file is removed")

            // The key vault gone (an unmounted volume): not ready, and saying which.
            let vault = h.app.platform.keyVault.directory
            try FileManager.default.moveItem(atPath: vault, toPath: vault + ".away")
            let unmounted = try await h.call(.GET, "health/ready")
            try FileManager.default.moveItem(atPath: vault + ".away", toPath: vault)
            let unmountedOut = try unmounted.json(HealthOut.self)
            #expect(unmounted.status == .serviceUnavailable && unmountedOut.checks.first { !$0.ok }?.name == "key vault", "\(unmountedOut)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: vault).allSatisfy { !$0.hasPrefix(".health-") }, "the probe is removed")

            // A run queued longer than a worker may be silent, with no worker in this process and none running.
            let f = try await IngestFixture.make(h, households: 20)
            let job = LinkageJob()
            job.projectID = try #require(UUID(uuidString: f.project)); job.requestedBy = try #require(try await User.query(on: h.app.db).first()).requireID(); job.status = .queued; job.progress = ""; job.worker = ""; job.attempts = 0
            job.config = "{}"; job.inputs = "[]"; job.report = ""; job.error = ""
            job.createdAt = h.app.platform.config.now().addingTimeInterval(-h.app.platform.config.workerStaleAfter - 1)
            try await job.save(on: h.app.db)
            let waiting = try await h.call(.GET, "health/ready")
            let waitingOut = try waiting.json(HealthOut.self)
            #expect(waiting.status == .serviceUnavailable && waitingOut.checks.first { !$0.ok }?.name == "linkage workers", "\(waitingOut)")
            try await job.delete(on: h.app.db)

            // A migration this build knows is missing from the log (a database an older build left behind); put back
            // afterwards, as the test database is kept between tests.
            let last = try #require(try await MigrationLog.query(on: h.app.db).sort(\.$createdAt, .descending).first())
            let (name, batch) = (last.name, last.batch)
            try await last.delete(on: h.app.db)
            let behind: APIReply
            do { behind = try await h.call(.GET, "health/ready") } catch {
                try await MigrationLog(name: name, batch: batch).save(on: h.app.db)
                throw error
            }
            try await MigrationLog(name: name, batch: batch).save(on: h.app.db)
            let said = try behind.json(HealthOut.self)
            #expect(behind.status == .serviceUnavailable && said.status == "unavailable")
            #expect(said.checks.first { !$0.ok }?.detail == "\(Migrations.all.count - 1) of \(Migrations.all.count) applied")
            #expect(try await h.call(.GET, "health/ready").status == .ok, "ready again once the log is whole")
        }
    }
}
