import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import Testing
import Vapor

/// Incidents of any kind (protocol section 10, ¶213–¶215): the police record one; every affected
/// partner is told at once; actions go on the timeline; each partner gives its view on reporting to
/// the ICO before the controller decides, within the 72-hour clock; it closes with the lessons learned.
@Suite("Incidents of any kind (in-process HTTP)")
struct IncidentTests {
    @Test func thePoliceRecordAnIncidentThatWalksThroughConsultationToClosure() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("school_readiness")
            #expect(try await h.upload(f, token: f.partnership.uploadToken(for: "school_readiness"), bytes: bytes, manifest: m).status == .accepted)
            let project = try #require(UUID(uuidString: f.project)), university = f.partnership.university
            let police = f.police[.orgAdmin]!, county = f.county[.signatory]!
            let ids = [f.countyOrg, f.boroughOrg, f.partnership.police.id, university.id].map { UUID(uuidString: $0)! }
            let discovered = h.clock.now.addingTimeInterval(-3600)
            var input = IncidentIn(project: project, kind: .wrongfulDisclosure, discoveredAt: discovered,
                                   description: "A printed crosstab of school readiness was left on a train", datasets: ["school_readiness"],
                                   organisations: [ids[1], ids[3]], severity: 3, likelihood: 2)

            // Bad input is refused, naming what is wrong, and nothing is recorded.
            var bad = input; bad.description = "Left on a train by John Smith, NHS number 943 476 5919"
            #expect(try await h.client.reply(API.recordIncident, body: bad, token: police).status == .unprocessableEntity, "an identifier in the text")
            bad = input; bad.severity = 6
            #expect(try await h.client.reply(API.recordIncident, body: bad, token: police).status == .unprocessableEntity)
            bad = input; bad.datasets = ["no_such_dataset"]
            #expect(try await h.client.reply(API.recordIncident, body: bad, token: police).status == .unprocessableEntity)
            #expect(try await Incident.query(on: h.app.db).count() == 0)

            input.description = "A printed crosstab of school readiness was left on a train"
            let opened = try await h.client.call(API.recordIncident, body: input, token: police)
            #expect(Set(opened.affected) == Set(ids) && opened.controller == ids[0], "the recorder, the data's provider and those named; the provider decides")
            #expect(opened.risk == 6 && abs(opened.regulatorDeadline.timeIntervalSince(discovered) - 72 * 3600) < 1)
            #expect(Set(opened.viewsAwaited) == Set([ids[1], ids[2], ids[3]]))
            // Every affected partner is told at once.
            for token in [county, f.borough[.orgAdmin]!, university.tokens[.orgAdmin]!, police] {
                let told = try await h.client.call(API.notifications, token: token)
                #expect(told.contains { $0.kind == "incident.opened" && $0.object == "incident/\(opened.id)" })
            }
            let path = opened.id.uuidString
            #expect(try await h.client.reply(API.incident, path, body: NoBody(), token: f.county[.analyst]!).status == .notFound, "governance roles only")

            // The timeline; the controller cannot decide while views are awaited and the clock has time.
            _ = try await h.client.call(API.addIncidentEntry, path, body: IncidentEntryIn(kind: .containment, text: "The train operator's lost property was asked to hold it"), token: police)
            let early = try await h.client.reply(API.decideRegulator, path, body: RegulatorViewIn(report: false, reason: "Aggregates only"), token: county)
            #expect(early.status == .conflict && early.error.contains("Essex Police"), "\(early.error)")
            #expect(try await h.client.reply(API.giveRegulatorView, path, body: RegulatorViewIn(report: true, reason: "x"), token: county).status == .forbidden,
                    "the controller decides; it gives no view")
            for (token, report) in [(police, false), (f.borough[.orgAdmin]!, false), (university.tokens[.signatory]!, true)] {
                _ = try await h.client.call(API.giveRegulatorView, path, body: RegulatorViewIn(report: report, reason: "Rounded aggregates, no small cells"), token: token)
            }
            #expect(try await h.client.reply(API.giveRegulatorView, path, body: RegulatorViewIn(report: true, reason: "again"), token: police).status == .conflict)
            #expect(try await h.client.reply(API.decideRegulator, path, body: RegulatorViewIn(report: true, reason: "Reported"), token: county).status == .unprocessableEntity,
                    "a report names the ICO's reference")
            let decided = try await h.client.call(API.decideRegulator, path, body: RegulatorViewIn(report: false, reason: "Disclosure-checked aggregates only; no risk to individuals"),
                                                  token: county)
            #expect(decided.reportedToRegulator == false && decided.viewsAwaited.isEmpty && decided.status == .investigating)
            let closed = try await h.client.call(API.updateIncident, path, body: IncidentUpdate(status: .closed, cause: "Printed output taken off site",
                                                                                                lessons: "Outputs stay on the platform; print nothing"), token: county)
            #expect(closed.status == .closed && closed.timeline.map(\.kind) == [.containment, .view, .view, .view, .decision, .status])
            #expect(try await h.client.call(API.notifications, token: university.tokens[.orgAdmin]!).contains { $0.kind == "incident.closed" })
            let audit = try await AuditEventModel.query(on: h.app.db).all().map(\.action)
            #expect(["incident.record", "incident.entry", "incident.view", "incident.decide", "incident.close"].allSatisfy(audit.contains))
            #expect(try await h.client.reply(API.addIncidentEntry, path, body: IncidentEntryIn(kind: .note, text: "late"), token: police).status == .conflict)
        }
    }

    @Test func withUnderADayOnTheClockTheControllerDecidesWithoutEveryView() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let project = try #require(UUID(uuidString: f.project))
            let opened = try await h.client.call(API.recordIncident, body: IncidentIn(project: project, kind: .lostDevice, discoveredAt: h.clock.now.addingTimeInterval(-50 * 3600),
                description: "An encrypted laptop with a provider key was stolen", organisations: [UUID(uuidString: f.boroughOrg)!], severity: 2, likelihood: 1),
                token: f.police[.signatory]!)
            #expect(opened.controller.uuidString == f.partnership.police.id && opened.viewsAwaited.map(\.uuidString) == [f.boroughOrg])
            let decided = try await h.client.call(API.decideRegulator, opened.id.uuidString,
                                                  body: RegulatorViewIn(report: true, reason: "Keys may be exposed", reference: "ICO-2026-77"), token: f.police[.signatory]!)
            #expect(decided.reportedToRegulator == true && decided.timeline.last?.text.contains("still awaited") == true)
        }
    }
}
