import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The assessment is part of what is signed: each agreement version carries the assessment it was
/// submitted with; after that it changes only with a new version that every party signs again; every
/// approved version is kept with it; structured benefits and risks are checked; a renewal needs the
/// benefits realised under the version it renews.
@Suite("The assessment signed with the agreement", .serialized)
struct SignedAssessmentTests {
    static func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }

    @Test func theAssessmentIsSignedWithEachVersionAndItsBenefitsRealisedBeforeRenewal() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let admin = f.county[.orgAdmin]!, signatory = f.county[.signatory]!
            let everyone = [f.partnership.county, f.partnership.borough, f.partnership.police, f.partnership.university]
            let v1 = try #require(try await h.client.call(API.projectAgreements, f.project, token: admin).first)
            let id = v1.id.uuidString
            #expect(v1.version == 1 && v1.assessment?.benefits == "Earlier help", "signed with version 1")
            var kept = try await h.client.call(API.agreementVersions, id, token: f.borough[.orgAdmin]!)
            #expect(kept.map(\.version) == [1] && kept[0].assessment == v1.assessment)

            // Not changed under the signatures.
            var a = try #require(v1.assessment)
            a.benefitItems = [BenefitItem(who: "Children starting school in Vange", how: "More are school-ready at reception", measure: "Share school-ready against 2025"),
                              BenefitItem(who: "Early-years commissioners", how: "Places go where need is", measure: "Take-up in the most deprived areas")]
            a.riskItems = [RiskItem(to: .individuals, description: "Re-identification from small cells", likelihood: 2, severity: 5, safeguard: "Cells under 10 suppressed")]
            a.equality = EqualityImpact(groups: "Families with a disabled child", how: "Under-recorded in the housing data", mitigation: "Weighted in the model")
            let path = "api/v1/projects/\(f.project)/assessment"
            let locked = try await h.call(.PUT, path, token: signatory, raw: try Self.json(a))
            #expect(locked.status == .conflict && locked.error.contains("signed with") && locked.error.contains("version 1"), "\(locked.error)")

            // A new version opens it; a risk off the 1–5 scale is refused; the version is signed with what is written.
            var doc = v1.document
            doc.reviewDate = CalendarDate(daysSinceEpoch: CalendarDate.today(h.clock.now) + 20).description
            let v2 = try await h.client.call(API.changeAgreement, id, body: doc, token: admin)
            #expect(v2.version == 2 && v2.status == .draft)
            var bad = a
            bad.riskItems![0].likelihood = 7
            let refused = try await h.call(.PUT, path, token: signatory, raw: try Self.json(bad))
            #expect(refused.status == .unprocessableEntity && refused.error.contains("1–5"), "\(refused.error)")
            _ = try await h.client.call(API.writeAssessment, f.project, body: a, token: signatory)
            _ = try await h.client.call(API.submitAgreement, id, token: admin)
            #expect(try await h.call(.PUT, path, token: signatory, raw: try Self.json(a)).status == .conflict, "submitted: signed with it")
            for o in everyone { _ = try await h.client.call(API.signAgreement, id, token: o.tokens[.signatory]!) }
            let approved = try await h.client.call(API.approveAgreement, id, token: admin)
            #expect(approved.version == 2 && approved.assessment == a && approved.assessment?.riskItems?.first?.score == 10)
            kept = try await h.client.call(API.agreementVersions, id, token: f.police[.orgAdmin]!)
            #expect(kept.map(\.version) == [1, 2] && kept[1].assessment == a && kept[0].assessment != a, "each version keeps its own assessment")

            // Version 2 is due for review within 30 days: renewing it (version 3) needs what came of each benefit.
            doc.reviewDate = CalendarDate(daysSinceEpoch: CalendarDate.today(h.clock.now) + 400).description
            _ = try await h.client.call(API.changeAgreement, id, body: doc, token: admin)
            _ = try await h.client.call(API.submitAgreement, id, token: admin)
            for o in everyone { _ = try await h.client.call(API.signAgreement, id, token: o.tokens[.signatory]!) }
            let blocked = try await h.call(.POST, "api/v1/agreements/\(id)/approve", token: admin)
            #expect(blocked.status == .conflict && blocked.error.contains("benefits realisation"), "\(blocked.error)")
            let one = RealisationIn(benefits: [BenefitRealisation(benefit: 0, achieved: "Readiness rose from 61% to 66%", met: true)])
            #expect(try await h.call(.PUT, "api/v1/agreements/\(id)/realisation", token: admin, raw: try Self.json(one)).status == .unprocessableEntity,
                    "each stated benefit")
            let both = RealisationIn(benefits: one.benefits + [BenefitRealisation(benefit: 1, achieved: "Two new places opened; take-up unchanged", met: false)])
            #expect(try await h.call(.PUT, "api/v1/agreements/\(id)/realisation", token: f.borough[.signatory]!, raw: try Self.json(both)).status == .forbidden,
                    "the owner records it")
            let realised = try await h.client.call(API.recordRealisation, id, body: both, token: admin)
            #expect(realised.version == 2 && realised.realisation?.map(\.met) == [true, false])
            let renewed = try await h.client.call(API.approveAgreement, id, token: admin)
            #expect(renewed.status == .approved && renewed.version == 3)
            kept = try await h.client.call(API.agreementVersions, id, token: admin)
            #expect(kept.map(\.version) == [1, 2, 3] && kept[1].realisedAt != nil)
            let audited = Set(try await AuditEventModel.query(on: h.app.db).filter(\.$action ~~ ["agreement.realisation", "assessment.update"]).all().map(\.action))
            #expect(audited.count == 2)
        }
    }
}
