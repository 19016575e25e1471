import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Partnerships that grow and shrink: the declaration signed version by version in the product; an
/// organisation proposed, accepted under the declaration's rule and joining by its signatory's signature;
/// an agreement taking it on as a party; members leaving, with access ending at once and their datasets
/// destroyed or kept as the agreement says, and outputs made from them still needing their approval.
@Suite("Partnerships that grow and shrink", .serialized)
struct PartnershipTests {
    @Test func aVoluntaryOrganisationIsAdmittedSignsAndBecomesAPartyToTheAgreement() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let pid = f.partnership.partnership
            var p = try await h.client.call(API.partnership, pid, token: f.county[.orgAdmin]!)
            #expect(p.versions.count == 1 && p.inForceVersion == 1 && p.versions[0].unsigned.isEmpty && p.versions[0].signatures.count == 4,
                    "the demo's four signatories signed version 1")
            #expect(p.versions[0].signatures.allSatisfy { $0.role == "signatory" && !$0.name.isEmpty })
            let vol = try await h.client.organisation("Basildon Recovery Trust", ico: "ZA123456", roles: [.orgAdmin, .signatory, .provider], operatorToken: f.operatorToken)
            let volID = try vol.uuid()
            #expect(try await h.call(.GET, "api/v1/partnerships/\(pid)", token: vol.tokens[.signatory]!).status == .notFound, "not visible before acceptance")

            // Proposed by the county's admin (not a signatory, so no acceptance yet); unanimous: four signatories.
            let change = try await h.client.call(API.proposeAdmission, pid, body: AdmissionIn(organisation: volID, reason: "It runs the drug and alcohol service"),
                                                 token: f.county[.orgAdmin]!)
            #expect(change.status == .proposed && change.needed == 4 && change.acceptedBy.isEmpty)
            #expect(try await h.call(.POST, "api/v1/partnerships/\(pid)/admissions/\(change.id)/decision", token: f.police[.orgAdmin]!,
                                     json: ["accept": true]).status == .forbidden, "only signatories decide")
            #expect(try await h.call(.POST, "api/v1/partnerships/\(pid)/admissions", token: vol.tokens[.orgAdmin]!,
                                     json: ["organisation": volID.uuidString, "reason": "x"]).status == .notFound, "a non-member cannot propose")
            for org in [f.partnership.county, f.partnership.borough, f.partnership.police] {
                let d = try await h.client.call(API.decideAdmission, pid, change.id.uuidString, body: AdmissionDecisionIn(accept: true), token: org.tokens[.signatory]!)
                #expect(d.status == .proposed, "three of four is not unanimous")
            }
            #expect(try await h.call(.POST, "api/v1/partnerships/\(pid)/admissions/\(change.id)/decision", token: f.county[.signatory]!,
                                     json: ["accept": true]).status == .conflict, "one decision per organisation")
            let accepted = try await h.client.call(API.decideAdmission, pid, change.id.uuidString, body: AdmissionDecisionIn(accept: true),
                                                   token: f.partnership.university.tokens[.signatory]!)
            #expect(accepted.status == .accepted && accepted.declarationVersion == 2)

            // The newcomer sees the partnership, is joining (not yet a member), and joins by signing version 2.
            p = try await h.client.call(API.partnership, pid, token: vol.tokens[.signatory]!)
            #expect(p.joining == [volID] && !p.members.contains(volID) && p.declarationVersion == 2 && p.inForceVersion == 1)
            #expect(try await h.client.call(API.projects, token: vol.tokens[.signatory]!).isEmpty, "joining is not yet membership: no project")
            #expect(try await h.dashboard(vol.tokens[.signatory]!).contains("Sign the declaration of"), "the newcomer is asked to sign")
            #expect(p.versions[1].members.contains(volID) && p.versions[1].unsigned.count == 5)
            #expect(try await h.call(.POST, "api/v1/partnerships/\(pid)/declaration/sign", token: vol.tokens[.orgAdmin]!).status == .forbidden)
            p = try await h.client.call(API.signDeclaration, pid, token: vol.tokens[.signatory]!)
            #expect(p.members.contains(volID) && p.joining.isEmpty && p.changes.first { $0.id == change.id }?.status == .joined)
            // A member's signatory and admin see the partnership's projects (governance, no project role); its other users,
            // in no project, and an organisation outside it, see none.
            for role in [Role.signatory, .orgAdmin] {
                let seen = try await h.client.call(API.projects, token: vol.tokens[role]!)
                #expect(seen.map(\.id) == [UUID(uuidString: f.project)] && seen.allSatisfy { $0.role == nil && $0.partnership == UUID(uuidString: pid) }, "\(role)")
            }
            #expect(try await h.client.call(API.projects, token: vol.tokens[.provider]!).isEmpty)
            #expect(try await h.call(.POST, "api/v1/partnerships/\(pid)/declaration/sign", token: vol.tokens[.signatory]!).status == .conflict)
            for org in [f.partnership.county, f.partnership.borough, f.partnership.police, f.partnership.university] {
                p = try await h.client.call(API.signDeclaration, pid, token: org.tokens[.signatory]!)
            }
            #expect(p.inForceVersion == 2 && p.versions[1].unsigned.isEmpty && p.versions[1].signatures.count == 5)
            let told = try await h.client.call(API.notifications, token: f.police[.orgAdmin]!)
            #expect(told.contains { $0.kind == "partnership.joined" && $0.subject.contains("Basildon Recovery Trust") })

            // The agreement takes it on as a party: a new version, DRAFT, for every party to sign again.
            let agreement = try #require(try await h.client.call(API.projectAgreements, f.project, token: f.county[.orgAdmin]!).first)
            #expect(try await h.call(.POST, "api/v1/agreements/\(agreement.id)/parties", token: f.borough[.orgAdmin]!,
                                     json: ["organisation": volID.uuidString]).status == .forbidden, "only the owner adds a party")
            let outsider = try await h.client.organisation("Another Charity", ico: "ZB999999", roles: [.orgAdmin], operatorToken: f.operatorToken)
            #expect(try await h.call(.POST, "api/v1/agreements/\(agreement.id)/parties", token: f.county[.orgAdmin]!,
                                     json: ["organisation": outsider.id]).status == .unprocessableEntity, "only members become parties")
            let v2 = try await h.client.call(API.addAgreementParty, agreement.id.uuidString, body: AgreementPartyIn(organisation: volID), token: f.county[.orgAdmin]!)
            #expect(v2.version == agreement.version + 1 && v2.status == .draft && v2.parties.contains(volID) && v2.signedBy.isEmpty)
            _ = try await h.client.call(API.submitAgreement, agreement.id.uuidString, token: f.county[.orgAdmin]!)
            for org in [f.partnership.county, f.partnership.borough, f.partnership.police, f.partnership.university, vol] {
                _ = try await h.client.call(API.signAgreement, agreement.id.uuidString, token: org.tokens[.signatory]!)
            }
            let approved = try await h.client.call(API.approveAgreement, agreement.id.uuidString, token: f.county[.orgAdmin]!)
            #expect(approved.status == .approved && Set(approved.signedBy) == Set(approved.parties) && approved.parties.count == 5)

            // A second candidate refused by one signatory: under the unanimous rule that is the end of it.
            let other = try await h.client.call(API.proposeAdmission, pid, body: AdmissionIn(organisation: try outsider.uuid(), reason: "Asked to join"),
                                                token: f.county[.signatory]!)
            #expect(other.acceptedBy == [UUID(uuidString: f.countyOrg)!], "a signatory's proposal is its organisation's acceptance")
            let refused = try await h.client.call(API.decideAdmission, pid, other.id.uuidString, body: AdmissionDecisionIn(accept: false), token: vol.tokens[.signatory]!)
            #expect(refused.status == .refused)
            #expect(try await h.call(.GET, "api/v1/partnerships/\(pid)", token: outsider.tokens[.orgAdmin]!).status == .notFound)
            let audited = Set(try await AuditEventModel.query(on: h.app.db).filter(\.$action ~~ ["partnership.admission.propose", "partnership.admission.decide",
                "partnership.admission.accept", "partnership.declaration.sign", "partnership.join", "agreement.party.add"]).all().map(\.action))
            #expect(audited.count == 6, "\(audited)")
        }
    }

    @Test func aMemberLeavesItsAccessEndsAtOnceItsDataFollowsTheAgreementAndItsOutputsStillNeedIt() async throws {
        try await Harness.run(realTime: true, configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 300)
            let pid = f.partnership.partnership, analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst).status == .succeeded)
            let children: [String: Any] = ["variable": "in:school_readiness", "op": "=", "value": "Y"]
            let output = try await h.client.expect(OutputOut.self, .POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": [
                "kind": "crosstab", "title": "Households by police contact", "population": [children], "level": "household",
                "rows": "school_readiness.small_area", "columns": "hh:police"] as [String: Any]])
            #expect(output.datasets.contains("police") && !output.result.withheld)
            let requested = try await h.client.expect(OutputOut.self, .POST, "api/v1/outputs/\(output.id)/request-release", token: analyst)
            #expect(requested.ownersPending.contains(UUID(uuidString: f.partnership.police.id)!))

            // The police leave (their signatory, with a reason): at once no project access, no project roles, no uploads.
            #expect(try await h.call(.POST, "api/v1/partnerships/\(pid)/leave", token: f.police[.orgAdmin]!, json: ["reason": "x"]).status == .forbidden)
            let left = try await h.client.call(API.leavePartnership, pid, body: StatusChangeIn(reason: "The force now shares under a regional agreement"),
                                               token: f.police[.signatory]!)
            #expect(left.status == .left && left.datasetsKept == ["police"] && left.datasetsDestroyed.isEmpty, "no destruction clause: kept to retention")
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)", token: f.police[.orgAdmin]!).status == .notFound)
            #expect(try await h.call(.GET, "api/v1/projects/\(f.project)/datasets", token: f.police[.provider]!).status == .notFound)
            #expect(try await ProjectMember.query(on: h.app.db).filter(\.$organisation == UUID(uuidString: f.partnership.police.id)!).count() == 0)
            let (bytes, m) = try f.file("police")
            let refused = try await h.call(.POST, "api/v1/uploads", token: f.policeUpload, raw: try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: m)))
            #expect(refused.status == .forbidden && refused.error.contains("not a member"), "\(refused.error)")
            var p = try await h.client.call(API.partnership, pid, token: f.county[.orgAdmin]!)
            #expect(!p.members.contains(UUID(uuidString: f.partnership.police.id)!) && p.former == [UUID(uuidString: f.partnership.police.id)!])
            #expect(p.declarationVersion == 2 && p.versions[1].members.count == 3 && p.versions[1].reason == "Essex Police left")
            let datasets = try await h.client.call(API.datasets, f.project, token: f.county[.orgAdmin]!)
            #expect(datasets.first { $0.name == "police" }?.status == .active)

            // An output made from the police data still needs the police's approval as its owner. Their dashboard still asks for it.
            #expect(try await h.dashboard(f.police[.signatory]!).contains("/app/outputs/\(output.id)"), "the left owner is asked to decide")
            let decided = try await h.client.call(API.approveAsOwner, output.id.uuidString, body: ReleaseDecisionIn(approve: true), token: f.police[.signatory]!)
            let police = UUID(uuidString: f.partnership.police.id)!
            #expect(decided.status == .requested && !decided.ownersPending.contains(police)
                    && decided.decisions.contains { $0.kind == "owner" && $0.organisation == police && $0.approve })

            // Under an agreement that destroys data when its provider leaves, the borough's housing goes with it.
            let a = try #require(try await Agreement.query(on: h.app.db).filter(\.$project.$id == UUID(uuidString: f.project)!).first())
            var doc = try #require(a.decodedDocument)
            doc.retention.destroyOnLeaving = true
            a.document = String(decoding: try JSONEncoder().encode(doc), as: UTF8.self)
            try await a.save(on: h.app.db)
            let gone = try await h.client.call(API.leavePartnership, pid, body: StatusChangeIn(reason: "Withdrawing from the programme"), token: f.borough[.signatory]!)
            #expect(gone.datasetsDestroyed == ["housing"] && gone.datasetsKept.isEmpty)
            let housing = try #require(try await h.client.call(API.datasets, f.project, token: f.county[.orgAdmin]!).first { $0.name == "housing" })
            #expect(housing.status == .destroyed)
            let certificates = try await h.client.call(API.certificates, housing.id.uuidString, token: f.county[.orgAdmin]!)
            #expect(certificates.count == 1 && certificates[0].verify() && certificates[0].reason.contains("left the partnership")
                    && certificates[0].clause.contains("when the provider leaves"))
            p = try await h.client.call(API.partnership, pid, token: f.county[.orgAdmin]!)
            #expect(p.members.count == 2 && p.former.count == 2 && p.versions.count == 3)
            #expect(try await h.call(.POST, "api/v1/partnerships/\(pid)/leave", token: f.borough[.signatory]!, json: ["reason": "again"]).status == .notFound)
            let told = try await h.client.call(API.notifications, token: f.county[.orgAdmin]!)
            #expect(told.contains { $0.kind == "partnership.left" && $0.subject.contains("housing were destroyed") })
        }
    }

    @Test func anAgreementThatEndsTakesTheDataSharedUnderItWithIt() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("housing")
            #expect(try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m).status == .accepted)
            let agreement = try #require(try await h.client.call(API.projectAgreements, f.project, token: f.county[.orgAdmin]!).first)
            let path = "api/v1/agreements/\(agreement.id)"
            #expect(try await h.call(.POST, path + "/end", token: f.county[.orgAdmin]!, json: ["reason": "x"]).status == .forbidden, "the owner's signatory ends it")
            #expect(try await h.call(.POST, path + "/end", token: f.borough[.signatory]!, json: ["reason": "x"]).status == .forbidden, "not another party")
            let ended = try await h.client.call(API.endAgreement, agreement.id.uuidString, body: StatusChangeIn(reason: "The programme closed in March"),
                                                token: f.county[.signatory]!)
            #expect(ended.status == .ended && ended.governingStatus == .ended && ended.statusReason == "The programme closed in March")
            let housing = try #require(try await h.client.call(API.datasets, f.project, token: f.county[.orgAdmin]!).first { $0.name == "housing" })
            #expect(housing.status == .destroyed)
            let certificate = try #require(try await h.client.call(API.certificates, housing.id.uuidString, token: f.borough[.orgAdmin]!).first)
            #expect(certificate.verify() && certificate.clause.contains("when the agreement ends") && certificate.reason.contains("The programme closed in March"))
            // For good: nothing more under it, no resumption, no new version.
            let again = try await h.call(.POST, "api/v1/uploads", token: f.boroughUpload,
                                         raw: try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: m)))
            #expect(again.status == .conflict && again.error.contains("ENDED"), "\(again.error)")
            #expect(try await h.call(.PUT, path, token: f.county[.orgAdmin]!, raw: try SignedAssessmentTests.json(agreement.document)).status == .conflict)
            #expect(try await h.call(.POST, path + "/resume", token: f.county[.signatory]!, json: ["reason": "x"]).status == .conflict)
            let told = try await h.client.call(API.notifications, token: f.police[.orgAdmin]!)
            #expect(told.contains { $0.kind == "agreement.ended" && $0.subject.contains("destroyed with it: housing") })
        }
    }
}
