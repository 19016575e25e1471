import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Linkage runs on the platform: queued by an analyst, run by a worker over the current dataset
/// versions, stored under project-specific keys, reported, reviewed, and stale when inputs change.
@Suite("Linkage runs (in-process HTTP and worker)")
struct LinkageRunTests {
    /// Uploads the six datasets, sets the link config from the synthetic partnership (unless `config` is false: runs
    /// are then designed from the spec).
    static func prepare(_ h: Harness, households: Int = 120, config setConfig: Bool = true) async throws -> IngestFixture {
        let f = try await IngestFixture.make(h, households: households)
        for name in f.manifests.keys.sorted() {
            let (bytes, m) = try f.file(name)
            let u = try await h.upload(f, token: f.partnership.uploadToken(for: name), bytes: bytes, manifest: m)
            #expect(u.status == .accepted, "\(name): \(u.problems)")
        }
        guard setConfig else { return f }
        // A wide review band, so that the small partnership leaves pairs for clerical review.
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.dir + "/link-config.json"))) as! [String: Any]
        config["thresholds"] = ["match": 0.9, "review": 0.02]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        try await h.client.require(.PUT, "api/v1/projects/\(f.project)/link-config", token: f.county[.analyst]!, raw: text)
        return f
    }

    /// Polls a run until it finishes or `seconds` pass. The worker runs at a lowered priority (nice 10) so
    /// that a server's requests come first; under the whole suite on two cores, where every other test
    /// runs at normal priority, a run that takes 20 s alone has taken over 250 s, so the wait is generous:
    /// a run that hangs still fails the test, later.
    static func waitFor(_ h: Harness, run: UUID, token: String, seconds: Double = 600) async throws -> RunOut {
        var r = try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(run)", token: token)
        let clock = ContinuousClock(), until = clock.now + .seconds(seconds)
        while r.status.isActive, clock.now < until {
            try await Task.sleep(for: .milliseconds(100))
            r = try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(run)", token: token)
        }
        return r
    }

    @Test func theSameRunAskedForAgainIsTheOneWaitingAndAProjectWaitsForAFewAtMost() async throws {
        try await Harness.run(configure: { $0.inProcessWorkers = 0 }) { h in   // no worker: runs stay queued
            let f = try await Self.prepare(h, households: 120)
            let analyst = f.county[.analyst]!
            let first = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            for _ in 0..<5 {
                #expect(try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst).id == first.id)
            }
            #expect(try await LinkageJob.query(on: h.app.db).count() == 1)
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "linkage.start").count() == 1, "nothing new, nothing audited")
            // Other runs waiting (another configuration, say) count towards the limit.
            let model = try await LinkageJob.query(on: h.app.db).first()!
            for i in 1..<LinkageJob.activeLimit {
                let j = LinkageJob()
                j.projectID = model.projectID; j.requestedBy = model.requestedBy; j.status = .queued; j.progress = "queued"; j.worker = ""
                j.attempts = 0; j.config = model.config + String(repeating: " ", count: i); j.inputs = model.inputs
                j.report = ""; j.error = ""; j.createdAt = model.createdAt
                try await j.save(on: h.app.db)
            }
            try await h.client.require(.POST, "api/v1/runs/\(first.id)/cancel", token: analyst)
            let next = try await h.call(.POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(next.status == .accepted, "one cancelled: room for this one")
            let full = try await h.call(.POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(full.status == .accepted, "the same as the one just queued")
            let j = try #require(try await LinkageJob.find(try next.json(RunOut.self).id, on: h.app.db))
            j.config += "  changed"
            try await j.save(on: h.app.db)
            let refused = try await h.call(.POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(refused.status == .tooManyRequests && refused.error.contains("3 linkage runs waiting"), "\(refused.error)")
            #expect(refused.headers.first(name: "Retry-After") == "60")
        }
    }

    @Test func aProjectWithoutAConfigurationHasItsLinkageDesigned() async throws {
        try await Harness.run(configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await Self.prepare(h, households: 300, config: false)
            let analyst = f.county[.analyst]!
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)/link-config", token: analyst).status == .notFound)
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst).id == queued.id,
                    "the same designed run asked for again is the one waiting")
            let run = try await Self.waitFor(h, run: queued.id, token: analyst)
            #expect(run.status == .succeeded, "\(run.error ?? "")")
            let report = try #require(run.report), design = try #require(report.design)
            #expect(Set(run.inputs.map(\.dataset)) == Set(f.manifests.keys), "every dataset of the spec with a current version")
            #expect(!design.config.blocking.isEmpty && design.rules.contains { $0.chosen } && design.config.thresholds?.match != nil)
            #expect(report.links > 0 && report.persons < report.records && report.model?.comparisons.count == design.comparisons.count)
            let job = try #require(try await LinkageJob.find(queued.id, on: h.app.db))
            #expect(DesignedLinkage.read(job.config)?.spec.datasets.count == f.manifests.count, "the run keeps the spec it designs from")
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "linkage.start").count() == 1)
            #expect(report.thresholds?.match == design.config.thresholds?.match && report.thresholds?.review != nil)

            // The run page draws the design; the review page a waterfall per pair, thresholds marked.
            let page = try await h.page("app/runs/\(run.id)", analyst)
            for title in ["Expected precision, recall and F1 if links were accepted", "Estimated recall of each blocking rule on its own",
                          "Per comparison level: m = P(level | match)", "Candidate pairs by match weight, −40 to +40, thresholds marked"] {
                #expect(page.contains("\(title)"), "the run page draws: \(title)")
            }
            #expect(page.components(separatedBy: "<svg").count - 1 == 4 && page.contains("class=\"mark\"") && page.contains("class=\"band\""))
            try #require(report.reviewPairs > 0, "the designed run leaves pairs for review: \(report.weightHistogram)")
            let review = try await h.page("app/runs/\(run.id)/review", analyst)
            #expect(review.contains("Pair 1: match weight from the prior, comparison by comparison") && review.contains("Prior (before comparing)"))

            // An expert's config takes over; removing it goes back to designed runs, audited.
            let config = try #require(String(data: try JSONEncoder().encode(design.config), encoding: .utf8))
            try await h.client.require(.PUT, "api/v1/projects/\(f.project)/link-config", token: analyst, raw: config)
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)/link-config", token: analyst).status == .ok)
            #expect(try await h.call(.DELETE, "api/v1/projects/\(f.project)/link-config", token: f.county[.provider]!).status == .forbidden)
            #expect(try await h.page("app/projects/\(f.project)", analyst).contains("id=\"clear-link-config\""), "the project page offers to remove it")
            let removed = try await h.post("/app/projects/\(f.project)/link-config/clear", form: ["csrf": WebContext.csrf(for: analyst)], cookie: analyst)
            #expect(removed.0 == .seeOther && removed.1.first(name: .location) == "/app/projects/\(f.project)?notice=updated", "\(removed.0) \(removed.2)")
            #expect(try await !h.page("app/projects/\(f.project)", analyst).contains("id=\"clear-link-config\""), "nothing left to remove")
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)/link-config", token: analyst).status == .notFound)
            #expect(try await h.call(.DELETE, "api/v1/projects/\(f.project)/link-config", token: analyst).status == .notFound, "nothing left to remove")
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "linkage.config.clear").filter(\.$outcome == "success").count() == 1,
                    "removed once; the refused attempt is audited as refused")
        }
    }

    @Test func analystRunsLinkageReviewsAndRunsAgain() async throws {
        try await Harness.run(configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await Self.prepare(h, households: 800)
            let analyst = f.county[.analyst]!
            #expect(try await h.call(.POST, "api/v1/projects/\(f.project)/runs", token: f.borough[.provider]!).status == .forbidden)
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(queued.status == .queued && queued.inputs.count == 6 && !queued.stale)
            let run = try await Self.waitFor(h, run: queued.id, token: analyst)
            #expect(run.status == .succeeded, "\(run.error ?? run.progress)")
            let rows = f.manifests.values.reduce(0) { $0 + $1.rows.written }
            let report = try #require(run.report)
            #expect(report.records == rows && report.links > 0 && report.persons < rows && report.households <= report.persons)
            #expect(report.model != nil && !report.linksByDatasetPair.isEmpty && report.weightHistogram.reduce(0, +) > 0)

            // Results are under project keys: no stored key is a source record token, and keys are one per record.
            let records = try await LinkedRecord.query(on: h.app.db).filter(\.$runID == run.id).all()
            #expect(records.count == rows && Set(records.map(\.recordKey)).count == rows)
            var sourceTokens = Set<String>()
            for name in f.manifests.keys {
                let reader = try CSVReader(path: f.dir + "/\(name).pseudo.csv")
                let header = try reader.next()!.fields, rt = header.firstIndex(of: "record_token")!
                while let r = try reader.next() { sourceTokens.insert(r.fields[rt]) }
            }
            #expect(sourceTokens.isDisjoint(with: records.map(\.recordKey)))

            // The review queue shows levels and weights; a reviewer's decisions are followed by the next run.
            let queue = try await h.client.expect([ReviewPairOut].self, .GET, "api/v1/runs/\(run.id)/review", token: analyst)
            #expect(queue.count == min(report.reviewPairs, LinkageWorker.reviewLimit))
            let body = try await h.call(.GET, "api/v1/runs/\(run.id)/review", token: analyst).body
            #expect(!sourceTokens.contains { String(decoding: body, as: UTF8.self).contains($0) }, "no tokens in the queue")
            try #require(queue.count >= 2, "the synthetic partnership leaves uncertain pairs: \(report.candidatePairs) \(report.links) \(report.reviewPairs) \(report.weightHistogram)")
            do {
                #expect(queue[0].explanation?.steps.isEmpty == false)
                _ = try await h.client.expect(ReviewPairOut.self, .PUT, "api/v1/runs/\(run.id)/review/\(queue[0].id)", token: analyst, json: ["isMatch": false])
                _ = try await h.client.expect(ReviewPairOut.self, .PUT, "api/v1/runs/\(run.id)/review/\(queue[1].id)", token: analyst, json: ["isMatch": true])
                let again = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
                let second = try await Self.waitFor(h, run: again.id, token: analyst)
                #expect(second.report?.clericalMatches == 1 && second.report?.clericalNonMatches == 1, "\(second.error ?? "")")
                #expect(second.clerical?.reduce(0) { $0 + $1.decided } == 2 && second.clerical?.reduce(0) { $0 + $1.matches } == 1)
                #expect(second.report?.expectedPrecision.map { $0 > 0.5 && $0 <= 1 } == true)
                #expect(second.report?.expectedRecall.map { $0 > 0.5 && $0 <= 1 } == true)
                let pair = try await ReviewPair.find(queue[1].id, on: h.app.db)!
                let linked = try await LinkedRecord.query(on: h.app.db).filter(\.$runID == second.id).filter(\.$recordKey ~~ [pair.keyA, pair.keyB]).all()
                #expect(linked.count == 2 && linked[0].person == linked[1].person, "a pair decided a match is one person")
            }

            // A new version of an input makes the earlier run stale.
            let (bytes, m) = try f.variant("housing") { rows in rows.removeLast() }
            #expect(try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m).status == .accepted)
            let stale = try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(run.id)", token: analyst)
            #expect(stale.stale && stale.inputs.first { $0.dataset == "housing" }?.stale == true)
        }
    }

    @Test func projectKeysDifferBetweenProjects() {
        let a = ProjectRekey(key: .init(size: .bits256)), b = ProjectRekey(key: .init(size: .bits256))
        #expect(a.recordKey("tok1") == a.recordKey("tok1") && a.recordKey("tok1") != b.recordKey("tok1") && a.recordKey("tok1") != a.recordKey("tok2"))
    }
}
