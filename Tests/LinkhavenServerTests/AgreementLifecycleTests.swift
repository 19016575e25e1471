import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The agreement keeps holding over the life of a project: suspended and resumed, expired and
/// renewed, not yet in force; owners fixed on the output whatever becomes of the agreement.
@Suite("Agreement lifecycle (in-process HTTP)", .serialized)
struct AgreementLifecycleTests {
    static func agreement(_ h: Harness, _ f: IngestFixture) async throws -> UUID {
        try #require(try await Agreement.query(on: h.app.db).filter(\.$project.$id == UUID(uuidString: f.project)!).first()).requireID()
    }

    @Test func suspendedAgreementStopsEveryActionAndResumingRestoresThem() async throws {
        try await Harness.run(configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 400)
            let analyst = f.county[.analyst]!
            let id = try await Self.agreement(h, f)
            let path = "api/v1/agreements/\(id)"
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            let run = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst)
            try #require(run.status == .succeeded, "\(run.status): \(run.error ?? run.progress)")
            let definition: [String: Any] = ["kind": "crosstab", "title": "Readiness and free school meals",
                                             "population": [["variable": "in:school_readiness", "op": "=", "value": "Y"]],
                                             "rows": "school_readiness.school_ready", "columns": "school_readiness.free_school_meals"]
            let output = try await h.client.expect(OutputOut.self, .POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": definition])
            #expect(output.ownersPending.map(\.uuidString) == [f.countyOrg], "the owners are fixed on the output when it is made")
            #expect(!output.result.withheld, "the table passes the disclosure check")

            // Suspending needs the owner and a reason; every party is told.
            #expect(try await h.call(.POST, path + "/suspend", token: f.police[.signatory]!, json: ["reason": "x"]).status == .forbidden)
            #expect(try await h.call(.POST, path + "/suspend", token: f.county[.signatory]!).status == .badRequest, "a reason is required")
            let suspended = try await h.client.expect(AgreementOut.self, .POST, path + "/suspend", token: f.county[.orgAdmin]!,
                                                      json: ["reason": "a partner reported a possible breach"])
            #expect(suspended.status == .suspended && suspended.statusBy?.uuidString == f.countyOrg && suspended.statusReason == "a partner reported a possible breach")
            let told = try await Notification.query(on: h.app.db).filter(\.$kind == "agreement.suspended").all()
            #expect(Set(told.map(\.organisation)) == Set(suspended.parties), "every party is told")

            // A run queued before the suspension stops at its next checkpoint and says why.
            let (bytes, manifest) = try f.variant("housing") { $0.removeLast() }
            let announce = try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: manifest))
            let refusals: [(String, APIReply)] = [
                ("release request", try await h.call(.POST, "api/v1/outputs/\(output.id)/request-release", token: analyst)),
                ("linkage run", try await h.call(.POST, "api/v1/projects/\(f.project)/runs", token: analyst)),
                ("analysis", try await h.call(.POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": definition])),
                ("upload", try await h.call(.POST, "api/v1/uploads", token: f.boroughUpload, raw: announce)),
            ]
            for (what, r) in refusals {
                #expect(r.status == .conflict, "\(what): \(r.status.code) \(r.error)")
                #expect(r.error.contains("is SUSPENDED since \(CalendarDate.isoDay(h.clock.now)) by Essex County Council (reason: a partner reported a possible breach)")
                        && r.error.contains("signatory must resume it"), "\(what): \(r.error)")
            }

            // The owner resumes: an admin may not, a signatory may, with a reason; the parties are told.
            #expect(try await h.call(.POST, path + "/resume", token: f.county[.orgAdmin]!, json: ["reason": "x"]).status == .forbidden)
            #expect(try await h.call(.POST, path + "/resume", token: f.police[.signatory]!, json: ["reason": "x"]).status == .forbidden)
            let resumed = try await h.client.expect(AgreementOut.self, .POST, path + "/resume", token: f.county[.signatory]!,
                                                    json: ["reason": "the report was investigated: no breach"])
            #expect(resumed.status == .approved && resumed.governingStatus == .approved)
            #expect(try await Notification.query(on: h.app.db).filter(\.$kind == "agreement.resumed").count() == resumed.parties.count)
            #expect(try await h.call(.POST, path + "/resume", token: f.county[.signatory]!, json: ["reason": "x"]).status == .conflict)
            try await h.client.require(.POST, "api/v1/outputs/\(output.id)/request-release", token: analyst)
            #expect(try await h.call(.POST, "api/v1/uploads", token: f.boroughUpload, raw: announce).status == .created)
            let again = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)

            // Suspended while that run works: the worker stops it at its next checkpoint and says why.
            try await h.client.require(.POST, path + "/suspend", token: f.county[.signatory]!, json: ["reason": "second thoughts"])
            let stopped = try await LinkageRunTests.waitFor(h, run: again.id, token: analyst)
            #expect(stopped.status == .cancelled && (stopped.error ?? "").hasPrefix("stopped: agreement") && (stopped.error ?? "").contains("SUSPENDED"),
                    "\(stopped.status) \(stopped.error ?? "")")
            // Under suspension: review and owner approval of the requested output are refused too.
            for (token, route) in [(f.borough[.analyst]!, "review"), (f.county[.provider]!, "owner-approval")] {
                let r = try await h.call(.POST, "api/v1/outputs/\(output.id)/\(route)", token: token, json: ["approve": true])
                #expect(r.status == .conflict && r.error.contains("SUSPENDED"), "\(route): \(r.error)")
            }
            try await h.client.require(.POST, path + "/resume", token: f.county[.signatory]!, json: ["reason": "resolved"])

            // Owners are the data's, not today's agreement's: the county's organisation leaves the
            // partnership's member list, and is still asked, and still sees the output to decide.
            let partnership = try #require(try await Project.find(UUID(uuidString: f.project)!, on: h.app.db)?.$partnership.get(on: h.app.db))
            partnership.members = partnership.memberIDs.filter { $0.uuidString != f.countyOrg }.map(\.uuidString).joined(separator: ",")
            try await partnership.save(on: h.app.db)
            for reviewer in [f.borough[.analyst]!, f.partnership.county.tokens[.reviewer]!] {
                try await h.client.require(.POST, "api/v1/outputs/\(output.id)/review", token: reviewer, json: ["approve": true])
            }
            var out = try await h.client.expect(OutputOut.self, .GET, "api/v1/outputs/\(output.id)", token: f.county[.provider]!)
            #expect(out.status == .requested && out.ownersPending.map(\.uuidString) == [f.countyOrg], "two reviewers are not enough without the owner")
            out = try await h.client.expect(OutputOut.self, .POST, "api/v1/outputs/\(output.id)/owner-approval", token: f.county[.provider]!, json: ["approve": true])
            #expect(out.status == .released)
        }
    }

    @Test func approvedAgreementExpiresOnItsReviewDateAndComesBackOnlyAsANewVersion() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let id = try await Self.agreement(h, f)
            let path = "api/v1/agreements/\(id)"
            let (bytes, manifest) = try f.file("housing")
            let announce = try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: manifest))
            // The demo agreement's review date is 2027-11-30: the day after, it no longer governs anything.
            let review = try #require(try DateNormaliser().parse("2027-11-30")).daysSinceEpoch
            h.clock.advance(Double(review + 1) * 86_400 - h.clock.now.timeIntervalSince1970 + 3_600)
            // The borough's upload token has expired by then too: a new one.
            struct Made: Decodable { var token: String? }
            let upload = try await h.client.expect(Made.self, .POST, "api/v1/tokens", token: try await h.relogin("provider@z5361180.test"),
                                                   json: ["name": "upload", "actions": ["upload"], "expiresInDays": 30]).token!
            let refused = try await h.call(.POST, "api/v1/uploads", token: upload, raw: announce)
            #expect(refused.status == .conflict && refused.error.contains("is EXPIRED since 2027-11-30") && refused.error.contains("new version"), "\(refused.error)")
            // The sweep records it, audited as the platform's act, and tells every party once.
            #expect(try await AgreementExpiry.sweep(h.app) == 1)
            #expect(try await AgreementExpiry.sweep(h.app) == 0)
            let a = try #require(try await Agreement.find(id, on: h.app.db))
            #expect(a.status == .expired && a.statusBy == nil)
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "agreement.expire").filter(\.$actor == "platform").count() == 1)
            #expect(try await Notification.query(on: h.app.db).filter(\.$kind == "agreement.expired").count() == a.partyIDs.count)
            // Not resumed: renewed, as a new version that every party signs.
            let signatory = try await h.relogin("signatory@z6034810.test")
            let resume = try await h.call(.POST, path + "/resume", token: signatory, json: ["reason": "x"])
            #expect(resume.status == .conflict && resume.error.contains("new version"), "\(resume.error)")
            let admin = try await h.relogin("orgadmin@z6034810.test")
            var doc = try #require(a.decodedDocument)
            doc.reviewDate = "2028-11-30"
            let renewed = try await h.client.expect(AgreementOut.self, .PUT, path, token: admin,
                                                    json: try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(doc)) as? [String: Any]))
            #expect(renewed.version == 2 && renewed.status == .draft)
            #expect(try await h.call(.POST, "api/v1/uploads", token: upload, raw: announce).status == .conflict, "a draft governs nothing")
            try await h.client.require(.POST, path + "/submit", token: admin)
            for ico in ["z6034810", "z5361180", "z4883472", "z7357522"] {
                try await h.client.require(.POST, path + "/sign", token: try await h.relogin("signatory@\(ico).test"))
            }
            // A renewal: what came of the benefit version 1 stated is recorded first.
            let unrealised = try await h.call(.POST, path + "/approve", token: admin)
            #expect(unrealised.status == .conflict && unrealised.error.contains("benefits realisation"), "\(unrealised.error)")
            try await h.client.require(.PUT, path + "/realisation", token: admin,
                                       json: ["benefits": [["benefit": 0, "achieved": "Help reached families a term earlier", "met": true]]])
            try await h.client.require(.POST, path + "/approve", token: admin)
            #expect(try await h.call(.POST, "api/v1/uploads", token: upload, raw: announce).status == .created)
        }
    }

    @Test func nothingIsProcessedBeforeTheDateInForce() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let id = try await Self.agreement(h, f)
            let a = try #require(try await Agreement.find(id, on: h.app.db))
            var doc = try #require(a.decodedDocument)
            doc.inForceFrom = CalendarDate(daysSinceEpoch: CalendarDate.today(h.clock.now) + 2).description
            a.document = String(decoding: try JSONEncoder().encode(doc), as: UTF8.self)
            try await a.save(on: h.app.db)
            let (bytes, manifest) = try f.file("housing")
            let announce = try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: manifest))
            let early = try await h.call(.POST, "api/v1/uploads", token: f.boroughUpload, raw: announce)
            #expect(early.status == .conflict && early.error.contains("NOT YET IN FORCE until \(doc.inForceFrom!)"), "\(early.error)")
            let shown = try await h.client.expect(AgreementOut.self, .GET, "api/v1/agreements/\(id)", token: f.county[.orgAdmin]!)
            #expect(shown.status == .approved && shown.governingStatus == .notInForce)
            h.clock.advance(2 * 86_400)
            #expect(try await h.call(.POST, "api/v1/uploads", token: f.boroughUpload, raw: announce).status == .created)
            // A date in force on or after the review date is refused when the agreement is written.
            doc.inForceFrom = doc.reviewDate
            #expect(doc.problems(parties: Set(a.partyIDs.map(\.uuidString))).contains("the date in force must be before the review date"))
        }
    }

    @Test func publishedOutputsStayAvailableOnlyUnderAPublicationClause() async throws {
        for clause in [true, false] {
            let answer = GovernancePolicy.permission(.openDataDownload, .suspended)
            #expect(answer == .ifPublicationClause)
            let doc = AgreementDocument.demoForTests(clause: clause)
            let agreement = Agreement()
            agreement.status = .suspended; agreement.statusReason = "r"; agreement.statusBy = nil; agreement.statusSince = nil
            let entry = ProjectGovernance.Entry(agreement: agreement, document: doc, status: .suspended)
            let decision = ProjectGovernance(project: UUID(), entries: [entry], now: Date()).decide(.openDataDownload, datasets: ["housing"])
            #expect((decision == nil) == clause)
            #expect(ProjectGovernance(project: UUID(), entries: [entry], now: Date()).decide(.publication, datasets: ["housing"]) != nil)
        }
    }
}

extension AgreementDocument {
    /// A minimal valid document sharing `housing`, for decisions that need no database.
    static func demoForTests(clause: Bool) -> AgreementDocument {
        let json = """
        {"format":"linkhaven-agreement/1","title":"T","purpose":"p","legalBasis":"l","fairProcessing":"f","publication":"p","security":"s",
         "formatAndFrequency":"f","retention":{"months":12,"extensions":0,"extensionMonths":0},"controllersInCommon":"c","processor":"p",
         "auditRights":"a","complaints":"c","breachProcedure":"b","reviewDate":"2030-01-01",
         "datasets":[{"provider":"x","name":"housing","fields":["a"],"matchingIdentifiers":[]}],"publishedOutputsStayAvailable":\(clause)}
        """
        return try! JSONDecoder().decode(AgreementDocument.self, from: Data(json.utf8))
    }
}
