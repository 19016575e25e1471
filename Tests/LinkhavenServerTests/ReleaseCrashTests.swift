import Fluent
import Foundation
import LinkhavenAPI
@testable import LinkhavenServer
import Testing
import Vapor

/// Kills the real server binary (SIGKILL, as a power cut would) while it computes an analysis and
/// while it records the last approval that releases an output: nothing half-done is kept, the same
/// request made again after the restart completes it once, and every audit chain still verifies.
@Suite("Crash recovery: analysis and release with the server binary", .serialized)
struct ReleaseCrashTests {
    @Test func killedMidAnalysisAndMidReleaseLosesNothingAndDoublesNothing() async throws {
        try await Harness.run(realTime: true, configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 400)   // enough people that the crosstab is not withheld
            let analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            try #require(try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst).status == .succeeded)
            let data = h.app.platform.config.dataDirectory, port = ServerProcess.freePort()
            let analyses = "api/v1/projects/\(f.project)/analyses"
            let definition = #"{"definition":{"kind":"crosstab","title":"Readiness by area","rows":"school_readiness.small_area","#
                + #""columns":"school_readiness.school_ready","population":[{"variable":"in:school_readiness","op":"=","value":"Y"}]}}"#

            // 1. Killed with the analysis computed but not yet stored: nothing is stored; asked again, it is stored once.
            var server = try await ServerProcess(dataDirectory: data, port: port, failpoint: "analysis.computed")
            let lost = try? await server.send("POST", analyses, token: analyst, json: definition)
            #expect(try await server.waitForCrash(seconds: 120), "\(lost.map { "\($0.0) " + String(decoding: $0.1, as: UTF8.self) } ?? "")")
            #expect(try await AnalysisOutput.query(on: h.app.db).count() == 0, "no output half-stored")
            server = try await ServerProcess(dataDirectory: data, port: port, failpoint: "release.committed")
            let (made, said) = try await server.send("POST", analyses, token: analyst, json: definition)
            #expect(made == 201, "\(String(decoding: said, as: UTF8.self))")
            let outputs = try await AnalysisOutput.query(on: h.app.db).all()
            let output = try #require(outputs.first)
            #expect(outputs.count == 1, "the analysis asked for again is stored once")

            #expect(try await Self.events("analysis.run", h) == 1, "its audit event committed with it")

            // 2. Put forward; killed after the first review committed, before its audit event was chained: the event
            //    waited in the outbox with the decision, and the next start chained it, once.
            let path = "api/v1/outputs/\(try output.requireID())"
            try await h.client.require(.POST, path + "/request-release", token: analyst)
            _ = try? await server.send("POST", path + "/review", token: f.borough[.analyst]!, json: #"{"approve":true}"#)
            #expect(try await server.waitForCrash(seconds: 60))
            let decisions = try await ReleaseDecision.query(on: h.app.db).count(), reviewEvents = try await Self.events("output.review", h)
            #expect(decisions == 1 && reviewEvents == 0)
            #expect(try await AuditOutboxEntry.query(on: h.app.db).count() == 1, "the decision's event committed with it")
            server = try await ServerProcess(dataDirectory: data, port: port, failpoint: "release.decided")
            let chained = try await Self.events("output.review", h), leftOver = try await AuditOutboxEntry.query(on: h.app.db).count()
            #expect(chained == 1 && leftOver == 0, "chained at start-up")

            // 3. Reviewed again; killed recording the owner's approval that releases it.
            try await h.client.require(.POST, path + "/review", token: f.partnership.county.tokens[.reviewer]!, json: ["approve": true])
            let owner = f.county[.provider]!
            _ = try? await server.send("POST", path + "/owner-approval", token: owner, json: #"{"approve":true}"#)
            #expect(try await server.waitForCrash(seconds: 60))
            let waiting = try #require(try await AnalysisOutput.find(output.id, on: h.app.db))
            #expect(waiting.status == .requested, "neither released nor stuck half-way")
            #expect(try await ReleaseDecision.query(on: h.app.db).filter(\.$kind == "owner").count() == 0, "the decision went with the kill")
            #expect(try await Notification.query(on: h.app.db).filter(\.$kind == "output.released").count() == 0)

            // 4. After the restart the same approval releases it, once.
            server = try await ServerProcess(dataDirectory: data, port: port)
            defer { server.stop() }
            let (approved, reply) = try await server.send("POST", path + "/owner-approval", token: owner, json: #"{"approve":true}"#)
            #expect(approved == 200, "\(String(decoding: reply, as: UTF8.self))")
            #expect(try await AnalysisOutput.find(output.id, on: h.app.db)?.status == .released)
            #expect(try await ReleaseDecision.query(on: h.app.db).filter(\.$kind == "owner").count() == 1)
            let told = try await Notification.query(on: h.app.db).filter(\.$kind == "output.released").all().map(\.organisation)
            #expect(!told.isEmpty && told.count == Set(told).count, "each partner told once")
            let (again, _) = try await server.send("POST", path + "/owner-approval", token: owner, json: #"{"approve":true}"#)
            #expect(again == 409, "a second approval is refused, not recorded")

            let ownerEvents = try await Self.events("output.owner", h), releasedEvents = try await Self.events("output.released", h)
            #expect(ownerEvents == 1 && releasedEvents == 1, "each event once")

            // Every audit chain, the server process's events among them, still verifies.
            let chains = try await h.brokenAuditChains()
            #expect(chains.broken.isEmpty && chains.events > 0, "\(chains.broken)")
        }
    }

    /// How many audit events of `action` the chains hold.
    static func events(_ action: String, _ h: Harness) async throws -> Int {
        try await AuditEventModel.query(on: h.app.db).filter(\.$action == action).count()
    }
}
