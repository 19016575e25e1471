import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// The reason given for suspending or resuming an agreement.
struct StatusChangeIn: Content { var reason: String }

extension Agreement {
    /// Moves to `status`, recording when, by which organisation and why.
    func record(_ new: AgreementStatus, at: Date, by organisation: UUID?, reason: String) {
        status = new.rawValue; statusSince = at; statusBy = organisation; statusReason = String(reason.prefix(2_000))
    }
}

/// submit, sign, approve, suspend and resume. Suspending and resuming need a reason, are audited and
/// tell every party; only the owning organisation's signatory resumes. An EXPIRED agreement is never
/// resumed: it comes back as a new version (PUT) signed by every party.
func agreementLifecycleRoutes(_ api: any RoutesBuilder) {
    api.post("agreements", ":id", ":action") { req async throws -> AgreementOut in
        let c = try await req.caller()
        let a = try await req.agreementForParty(c)
        try await req.expireIfPastReview(a)
        let action = req.parameters.get("action") ?? ""
        let id = try a.requireID()
        let owner = c.organisationID == a.owner && [.orgAdmin, .signatory].contains(c.role)
        var told: (kind: String, subject: String)?
        switch action {
        case "submit":
            guard owner else { throw try await req.deny(c, "agreement.submit", "only the owning organisation submits the agreement") }
            guard a.status == AgreementStatus.draft.rawValue else { throw Abort(.conflict, reason: "only a DRAFT can be submitted for approval (it is \(a.status))") }
            a.record(.forApproval, at: req.now, by: c.organisationID, reason: "")
        case "sign":
            guard c.role == .signatory, let org = c.organisationID else { throw try await req.deny(c, "agreement.sign", "only a signatory signs") }
            guard a.status == AgreementStatus.forApproval.rawValue else { throw Abort(.conflict, reason: "only an agreement FOR APPROVAL can be signed (it is \(a.status))") }
            guard try await AgreementSignature.query(on: req.db).filter(\.$agreement.$id == id).filter(\.$version == a.version)
                .filter(\.$organisation == org).first() == nil else { throw Abort(.conflict, reason: "your organisation has already signed this version") }
            let s = AgreementSignature()
            s.$agreement.id = id; s.version = a.version; s.organisation = org; s.userID = c.userID; s.role = c.role.rawValue; s.signedAt = req.now
            try await s.save(on: req.db)
        case "approve":
            guard owner else { throw try await req.deny(c, "agreement.approve", "only the owning organisation approves") }
            guard a.status == AgreementStatus.forApproval.rawValue else { throw Abort(.conflict, reason: "only an agreement FOR APPROVAL can be approved (it is \(a.status))") }
            let out = try await req.agreementOut(a)
            let missing = Set(a.partyIDs).subtracting(out.signedBy)
            guard missing.isEmpty else { throw Abort(.conflict, reason: "\(missing.count) part\(missing.count == 1 ? "y has" : "ies have") not signed this version") }
            guard out.openRedLines.isEmpty else { throw Abort(.conflict, reason: "red lines are open: " + out.openRedLines.joined(separator: "; ")) }
            a.record(.approved, at: req.now, by: c.organisationID, reason: "")
            told = ("agreement.approved", "Agreement '\(out.document.title)' version \(a.version) was approved by every party")
        case "suspend":
            guard owner else { throw try await req.deny(c, "agreement.suspend", "only the owning organisation suspends the agreement") }
            guard a.status == AgreementStatus.approved.rawValue else { throw Abort(.conflict, reason: "only an APPROVED agreement can be suspended (it is \(a.status))") }
            let reason = try req.statusChangeReason()
            a.record(.suspended, at: req.now, by: c.organisationID, reason: reason)
            told = ("agreement.suspended", "Agreement '\(a.decodedDocument?.title ?? "")' was suspended: no processing, release or publication until it is resumed. Reason: \(reason)")
        case "resume":
            guard c.organisationID == a.owner, c.role == .signatory else {
                throw try await req.deny(c, "agreement.resume", "only the owning organisation's signatory resumes the agreement")
            }
            guard a.status == AgreementStatus.suspended.rawValue else {
                throw Abort(.conflict, reason: a.status == AgreementStatus.expired.rawValue
                    ? "an EXPIRED agreement is not resumed: draft a new version (PUT the agreement) for every party to sign"
                    : "only a SUSPENDED agreement can be resumed (it is \(a.status))")
            }
            let reason = try req.statusChangeReason()
            a.record(.approved, at: req.now, by: c.organisationID, reason: reason)
            told = ("agreement.resumed", "Agreement '\(a.decodedDocument?.title ?? "")' was resumed. Reason: \(reason)")
        default:
            throw Abort(.notFound, reason: "unknown agreement action: submit, sign, approve, suspend or resume")
        }
        try await a.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "agreement.\(action)", object: "agreement/\(id)")
        if let told { try await Notifier(app: req.application).notify(a.partyIDs, kind: told.kind, subject: told.subject, object: "agreement/\(id)") }
        return try await req.agreementOut(a)
    }
}

extension Request {
    /// The reason of a suspension or resumption: required, at most 2,000 characters.
    func statusChangeReason() throws -> String {
        let input = try strictBody(StatusChangeIn.self)
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(reason.count) else { throw Abort(.unprocessableEntity, reason: "give a reason (1–2,000 characters); every party is told it") }
        return reason
    }
}
