import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

@Suite("Partnerships, assessments and agreements (in-process HTTP)", .serialized)
struct AgreementTests {
    struct Party { var org: String; var admin: String; var signatory: String }

    func party(_ h: Harness, _ opToken: String, _ name: String, _ ico: String) async throws -> Party {
        let o = try await h.organisation(name, ico: ico, roles: [.orgAdmin, .signatory], operatorToken: opToken)
        return Party(org: o.id, admin: o.tokens[.orgAdmin]!, signatory: o.tokens[.signatory]!)
    }

    func document(providers: [String]) -> [String: Any] {
        ["format": "linkhaven-agreement/1", "title": "School readiness in Vange", "purpose": "Share, match and model pseudonymised data",
         "legalBasis": "Public functions", "fairProcessing": "Privacy notices", "publication": "Only with the data owners' approval",
         "security": "Pseudonymised at source", "formatAndFrequency": "CSV, once", "retention": ["months": 12, "extensions": 3, "extensionMonths": 12],
         "controllersInCommon": "The parties", "processor": "The platform operator", "auditRights": "Section 8", "complaints": "Own procedures",
         "breachProcedure": "Delete and inform the provider", "reviewDate": "2027-11-30",
         "datasets": providers.map { ["provider": $0, "name": "dataset", "fields": ["address", "dob"], "matchingIdentifiers": ["address"]] }]
    }

    @Test func draftAssessSignApproveAndVersion() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let opToken = try await h.token(op)
            let ecc = try await party(h, opToken, "Essex County Council", "Z6034810")
            let bbc = try await party(h, opToken, "Basildon Borough Council", "Z5361180")
            let police = try await party(h, opToken, "Essex Police", "Z4883472")
            let outsider = try await party(h, opToken, "Another Council", "Z0000001")
            let signatories: [[String: Any]] = [["organisation": ecc.org, "name": "David Wilson", "position": "Executive Director, Place Operations and CIO"]]
            let partnership = try await h.call(.POST, "api/v1/partnerships", token: opToken,
                                               json: ["name": "Essex Data", "declaration": "We will share.", "members": [ecc.org, bbc.org, police.org], "signatories": signatories])
            #expect(partnership.status == .created)
            let listed = try await h.call(.GET, "api/v1/partnerships", token: bbc.admin).json([PartnershipOut].self)
            #expect(listed.map(\.name) == ["Essex Data"] && listed[0].signatories.map(\.name) == ["David Wilson"])
            #expect(try await h.call(.GET, "api/v1/partnerships", token: outsider.admin).json([PartnershipOut].self).isEmpty)
            let badSignatory: [[String: Any]] = [["organisation": outsider.org, "name": "X", "position": "Y"]]
            #expect(try await h.call(.POST, "api/v1/partnerships", token: opToken,
                                     json: ["name": "Other", "declaration": "d", "members": [ecc.org], "signatories": badSignatory]).status == .unprocessableEntity,
                    "signatories sign for member organisations")
            let pid = try partnership.json([String: String].self)["id"]!
            let project = try await h.call(.POST, "api/v1/partnerships/\(pid)/projects", token: ecc.admin, json: ["name": "School readiness", "purpose": "Improve school readiness in Vange"])
            #expect(project.status == .created)
            let prj = try project.json([String: String].self)["id"]!
            #expect(try await h.call(.POST, "api/v1/partnerships/\(pid)/projects", token: outsider.admin, json: ["name": "x", "purpose": "y"]).status == .notFound,
                    "an outsider is answered as if there were no such partnership")

            // An incomplete agreement is refused with reasons; a complete one starts as DRAFT.
            var bad = document(providers: [bbc.org]); bad["purpose"] = ""
            let refused = try await h.call(.POST, "api/v1/projects/\(prj)/agreements", token: ecc.admin, json: ["parties": [bbc.org, police.org], "document": bad])
            #expect(refused.status == .unprocessableEntity && refused.error.contains("purpose is required"))
            let created = try await h.call(.POST, "api/v1/projects/\(prj)/agreements", token: ecc.admin,
                                           json: ["parties": [bbc.org, police.org], "document": document(providers: [bbc.org, ecc.org, police.org])])
            #expect(created.status == .created, "\(created.error)")
            let agreement = try created.json(AgreementOut.self)
            #expect(agreement.status == .draft && agreement.version == 1 && agreement.parties.count == 3)
            let path = "api/v1/agreements/\(agreement.id)"
            #expect(try await h.call(.GET, path, token: outsider.admin).status == .notFound, "a non-party cannot even learn it exists")
            #expect(try await h.call(.POST, path + "/sign", token: bbc.signatory).status == .conflict, "a DRAFT cannot be signed")
            #expect(try await h.call(.POST, path + "/submit", token: bbc.admin).status == .forbidden, "only the owner submits")
            #expect(try await h.call(.POST, path + "/submit", token: ecc.admin).json(AgreementOut.self).status == .forApproval)

            #expect(try await h.dashboard(bbc.signatory).contains("Sign the agreement"), "a party's signatory is asked to sign")
            #expect(try await !h.dashboard(bbc.admin).contains("Sign the agreement"), "an admin does not sign")
            #expect(try await !h.dashboard(outsider.signatory).contains("Sign the agreement"), "nor a stranger")
            for p in [ecc, bbc] { #expect(try await h.call(.POST, path + "/sign", token: p.signatory).status == .ok) }
            #expect(try await !h.dashboard(bbc.signatory).contains("Sign the agreement"), "signed: no longer asked")
            #expect(try await h.dashboard(police.signatory).contains("Sign the agreement"))
            #expect(try await h.call(.POST, path + "/sign", token: bbc.signatory).status == .conflict, "one signature per organisation per version")
            #expect(try await h.call(.POST, path + "/sign", token: police.admin).status == .forbidden, "admins are not signatories")
            let early = try await h.call(.POST, path + "/approve", token: ecc.admin)
            #expect(early.status == .conflict && early.error.contains("1 party has not signed"))
            #expect(try await h.call(.POST, path + "/sign", token: police.signatory).status == .ok)

            // Every party has signed, but the red lines are open until the assessment closes them.
            #expect(try await h.dashboard(ecc.admin).contains("Every party has signed"), "the owner is asked to approve")
            #expect(try await !h.dashboard(bbc.admin).contains("Every party has signed"), "only the owner approves")
            let blocked = try await h.call(.POST, path + "/approve", token: ecc.admin)
            #expect(blocked.status == .conflict && blocked.error.contains("red lines are open"))
            var assessment: [String: Any] = ["beneficiaries": "Children in Vange", "benefits": "", "risksToIndividuals": "Re-identification",
                                             "risksToPublic": "Loss of trust", "risksToServices": "None", "safeguards": "Pseudonymised at source",
                                             "legalVulnerabilityAddressed": true, "dataQualityAssessed": false, "accessLimits": "Named analysts only"]
            // The assessment is signed with the version: it is not changed under the parties' signatures.
            let locked = try await h.call(.PUT, "api/v1/projects/\(prj)/assessment", token: ecc.signatory, json: assessment)
            #expect(locked.status == .conflict && locked.error.contains("signed with"), "\(locked.error)")
            // The owner makes a new version; the assessment is written while it is a draft, then submitted and signed with it.
            let redraft = try await h.call(.PUT, path, token: ecc.signatory, json: document(providers: [bbc.org, ecc.org, police.org])).json(AgreementOut.self)
            #expect(redraft.version == 2 && redraft.status == .draft)
            #expect(try await h.call(.PUT, "api/v1/projects/\(prj)/assessment", token: ecc.signatory, json: assessment).status == .ok)
            try await h.call(.POST, path + "/submit", token: ecc.admin)
            for p in [ecc, bbc, police] { try await h.call(.POST, path + "/sign", token: p.signatory) }
            let stillBlocked = try await h.call(.POST, path + "/approve", token: ecc.admin)
            #expect(stillBlocked.error.contains("no identifiable tangible benefit") && stillBlocked.error.contains("data quality"))
            try await h.call(.PUT, path, token: ecc.signatory, json: document(providers: [bbc.org, ecc.org, police.org]))
            assessment["benefits"] = "Earlier support for families"; assessment["dataQualityAssessed"] = true
            assessment["benefitItems"] = [["who": "Children starting school in Vange", "how": "More children school-ready at reception",
                                           "measure": "The share school-ready, against the 2025 baseline"]]
            try await h.call(.PUT, "api/v1/projects/\(prj)/assessment", token: ecc.signatory, json: assessment)
            try await h.call(.POST, path + "/submit", token: ecc.admin)
            for p in [ecc, bbc, police] { try await h.call(.POST, path + "/sign", token: p.signatory) }
            let approved = try await h.call(.POST, path + "/approve", token: ecc.admin).json(AgreementOut.self)
            #expect(approved.status == .approved && approved.openRedLines.isEmpty && approved.version == 3)
            #expect(approved.assessment?.benefitItems?.first?.measure.contains("baseline") == true, "the assessment signed with version 3")
            let kept = try await h.call(.GET, path + "/versions", token: bbc.admin).json([AgreementVersionOut].self)
            #expect(kept.map(\.version) == [3] && kept[0].assessment == approved.assessment && kept[0].parties.count == 3)

            // A change makes a new version that every party signs again.
            var changed = document(providers: [bbc.org, ecc.org, police.org]); changed["reviewDate"] = "2028-11-30"
            let v2 = try await h.call(.PUT, path, token: ecc.signatory, json: changed).json(AgreementOut.self)
            #expect(v2.version == 4 && v2.status == .draft && v2.signedBy.isEmpty)
            #expect(try await h.call(.POST, path + "/suspend", token: ecc.admin, json: ["reason": "r"]).status == .conflict, "only an APPROVED agreement can be suspended")
            #expect(try await h.call(.POST, path + "/teleport", token: ecc.admin).status == .notFound)

            // Approve version 4, then let its review date pass: a reminder first, then it expires.
            try await h.call(.POST, path + "/submit", token: ecc.admin)
            for p in [ecc, bbc, police] { try await h.call(.POST, path + "/sign", token: p.signatory) }
            #expect(try await h.call(.POST, path + "/approve", token: ecc.admin).json(AgreementOut.self).status == .approved)
            #expect(try await h.call(.GET, "api/v1/agreements/reminders", token: ecc.admin).json([AgreementOut].self).isEmpty)
            let reviewDay = Date(timeIntervalSince1970: Double(CalendarDate(year: 2028, month: 11, day: 30)!.daysSinceEpoch) * 86_400)
            h.clock.advance(reviewDay.timeIntervalSince(h.clock.now) - 10 * 86_400)
            let eccAgain = try await h.relogin("orgadmin@z6034810.test")
            let due = try await h.call(.GET, "api/v1/agreements/reminders", token: eccAgain).json([AgreementOut].self)
            #expect(due.map(\.id) == [agreement.id], "due for review within 30 days")
            #expect(try await h.dashboard(eccAgain).contains("reaches its review date on 2028-11-30"))
            h.clock.advance(11 * 86_400)
            let eccLater = try await h.relogin("orgadmin@z6034810.test")
            #expect(try await h.call(.GET, path, token: eccLater).json(AgreementOut.self).status == .expired)

            // Each step is in the owner's audit chain, which still verifies.
            let export = try await h.call(.GET, "api/v1/audit/export", token: try await h.relogin("orgadmin@z6034810.test")).json(AuditExport.self)
            let actions = Set(export.events.map(\.action))
            for a in ["project.create", "agreement.create", "agreement.submit", "agreement.sign", "agreement.approve", "agreement.update",
                      "assessment.update", "agreement.reminders", "agreement.expire"] {
                #expect(actions.contains(a), "\(a) audited")
            }
            #expect(export.events.contains { $0.action == "agreement.approve" && $0.outcome == "success" })
            guard case .valid = AuditVerifier.verify(export) else { Issue.record("audit export does not verify"); return }
        }
    }
}
