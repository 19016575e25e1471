import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension Agreement {
    /// Moves to `status`, recording when, by which organisation and why.
    func record(_ new: AgreementStatus, at: Date, by organisation: UUID?, reason: String) {
        status = new; statusSince = at; statusBy = organisation; statusReason = String(reason.prefix(2_000))
    }
}

/// submit, sign, approve, suspend and resume. Suspending and resuming need a reason, are audited and
/// tell every party; only the owning organisation's signatory resumes. An EXPIRED agreement is never
/// resumed: it comes back as a new version (PUT) signed by every party.
func agreementLifecycleRoutes(_ api: any RoutesBuilder) {
    api.on(API.submitAgreement) { req in
        try await req.changeAgreement("submit") { c, a, owner in
            guard owner else { throw try await req.deny(c, "agreement.submit", "only the owning organisation submits the agreement") }
            guard a.status.allows(.forApproval) else { throw Abort(.conflict, reason: "only a DRAFT can be submitted for approval (it is \(a.status.rawValue))") }
            // The assessment as it stands becomes part of the version the parties sign.
            a.assessment = try await req.project(a.$project.id)?.assessment ?? ""
            a.record(.forApproval, at: req.now, by: c.organisationID, reason: "")
            return nil
        }
    }
    api.on(API.signAgreement) { req in
        try await req.changeAgreement("sign") { c, a, _ in
            guard c.role == .signatory, let org = c.organisationID else { throw try await req.deny(c, "agreement.sign", "only a signatory signs") }
            guard a.status == .forApproval else { throw Abort(.conflict, reason: "only an agreement FOR APPROVAL can be signed (it is \(a.status.rawValue))") }
            let id = try a.requireID()
            guard try await AgreementSignature.query(on: req.db).filter(\.$agreement.$id == id).filter(\.$version == a.version)
                .filter(\.$organisation == org).first() == nil else { throw Abort(.conflict, reason: "your organisation has already signed this version") }
            let s = AgreementSignature()
            s.$agreement.id = id; s.version = a.version; s.organisation = org; s.userID = c.userID; s.role = c.role.rawValue; s.signedAt = req.now
            try await s.save(on: req.db)
            return nil
        }
    }
    api.on(API.approveAgreement) { req in
        try await req.changeAgreement("approve") { c, a, owner in
            guard owner else { throw try await req.deny(c, "agreement.approve", "only the owning organisation approves") }
            guard a.status.allows(.approved), a.status == .forApproval else {
                throw Abort(.conflict, reason: "only an agreement FOR APPROVAL can be approved (it is \(a.status.rawValue))")
            }
            let out = try await req.agreementOut(a)
            let missing = Set(a.partyIDs).subtracting(out.signedBy)
            guard missing.isEmpty else { throw Abort(.conflict, reason: "\(missing.count) part\(missing.count == 1 ? "y has" : "ies have") not signed this version") }
            guard out.openRedLines.isEmpty else { throw Abort(.conflict, reason: "red lines are open: " + out.openRedLines.joined(separator: "; ")) }
            try await req.requireRealisation(before: a)
            a.record(.approved, at: req.now, by: c.organisationID, reason: "")
            try await req.keepApprovedVersion(a)
            return ("agreement.approved", "Agreement '\(out.document.title)' version \(a.version) was approved by every party")
        }
    }
    api.on(API.suspendAgreement) { req, input in
        try await req.changeAgreement("suspend") { c, a, owner in
            guard owner else { throw try await req.deny(c, "agreement.suspend", "only the owning organisation suspends the agreement") }
            guard a.status.allows(.suspended) else { throw Abort(.conflict, reason: "only an APPROVED agreement can be suspended (it is \(a.status.rawValue))") }
            let reason = try statusChangeReason(input)
            a.record(.suspended, at: req.now, by: c.organisationID, reason: reason)
            return ("agreement.suspended", "Agreement '\(a.decodedDocument?.title ?? "")' was suspended: no processing, release or publication until it is resumed. Reason: \(reason)")
        }
    }
    api.on(API.resumeAgreement) { req, input in
        try await req.changeAgreement("resume") { c, a, _ in
            guard c.organisationID == a.owner, c.role == .signatory else {
                throw try await req.deny(c, "agreement.resume", "only the owning organisation's signatory resumes the agreement")
            }
            guard a.status == .suspended else {
                throw Abort(.conflict, reason: a.status == .expired
                    ? "an EXPIRED agreement is not resumed: draft a new version (PUT the agreement) for every party to sign"
                    : "only a SUSPENDED agreement can be resumed (it is \(a.status.rawValue))")
            }
            let reason = try statusChangeReason(input)
            a.record(.approved, at: req.now, by: c.organisationID, reason: reason)
            return ("agreement.resumed", "Agreement '\(a.decodedDocument?.title ?? "")' was resumed. Reason: \(reason)")
        }
    }
}

extension Request {
    /// One step of an agreement's lifecycle for its party `c`: the agreement loaded (and expired if past its
    /// review date), `step` deciding and changing it (and saying what to tell the parties), then saved,
    /// audited as `agreement.<action>`, and the parties told.
    func changeAgreement(_ action: String, _ step: (Caller, Agreement, _ owner: Bool) async throws -> (kind: String, subject: String)?) async throws -> AgreementOut {
        let c = try await caller()
        let a = try await agreementForParty(c)
        try await expireIfPastReview(a)
        let id = try a.requireID()
        let told = try await step(c, a, c.organisationID == a.owner && [.orgAdmin, .signatory].contains(c.role))
        try await a.save(on: db)
        try await audit(c, organisation: c.organisation, action: "agreement.\(action)", object: "agreement/\(id)")
        if let told { try await Notifier(app: application).notify(a.partyIDs, kind: told.kind, subject: told.subject, object: "agreement/\(id)") }
        return try await agreementOut(a)
    }
}

/// The reason of a suspension or resumption: required, at most 2,000 characters.
func statusChangeReason(_ input: StatusChangeIn) throws -> String {
    let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard (1...2_000).contains(reason.count) else { throw Abort(.unprocessableEntity, reason: "give a reason (1–2,000 characters); every party is told it") }
    return reason
}
