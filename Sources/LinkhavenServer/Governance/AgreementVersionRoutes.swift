import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// The versions every party signed, each with the assessment signed with it, and benefits realisation:
/// at the review, what came of each benefit the last approved version stated, recorded by the owner
/// before a renewal can be approved.
func agreementVersionRoutes(_ api: any RoutesBuilder) {
    api.on(API.agreementVersions) { req in
        let c = try await req.caller()
        let a = try await req.agreementForParty(c)
        req.auditRead(c, organisation: c.organisation, action: "agreement.versions", object: "agreement/\(try a.requireID())")
        return try await AgreementVersionRecord.query(on: req.db).filter(\.$agreementID == a.requireID()).sort(\.$version).all().map { try $0.out }
    }

    api.on(API.recordRealisation) { req, input in
        let c = try await req.caller()
        let a = try await req.agreementForParty(c)
        guard c.organisationID == a.owner, [.orgAdmin, .signatory].contains(c.role) else {
            throw try await req.deny(c, "agreement.realisation", "only the owning organisation records benefits realisation")
        }
        guard let last = try await AgreementVersionRecord.query(on: req.db).filter(\.$agreementID == a.requireID()).sort(\.$version, .descending).first() else {
            throw Abort(.conflict, reason: "no version of this agreement has been approved yet")
        }
        let stated = last.decodedAssessment?.statedBenefits.count ?? 0
        let given = input.benefits.map(\.benefit).sorted()
        guard given == Array(0..<stated) else {
            throw Abort(.unprocessableEntity, reason: "record what came of each of the \(stated) benefit(s) version \(last.version) stated (benefit 0 to \(stated - 1)), once each")
        }
        for b in input.benefits {
            guard (1...2_000).contains(b.achieved.trimmingCharacters(in: .whitespacesAndNewlines).count) else {
                throw Abort(.unprocessableEntity, reason: "say what was achieved for each benefit (1–2,000 characters)")
            }
            try refuseIdentifiers(b.achieved)
        }
        last.realisation = String(decoding: try JSONEncoder().encode(input.benefits.sorted { $0.benefit < $1.benefit }), as: UTF8.self)
        last.realisedAt = req.now
        try await last.save(on: req.db)
        let id = try a.requireID()
        try await req.audit(c, organisation: c.organisation, action: "agreement.realisation", object: "agreement/\(id)")
        try await Notifier(app: req.application).notify(a.partyIDs, kind: "agreement.realisation",
            subject: "Benefits realisation recorded for '\(a.decodedDocument?.title ?? "")' version \(last.version): "
                + "\(input.benefits.filter(\.met).count) of \(stated) benefit(s) met", object: "agreement/\(id)")
        return try last.out
    }
}

extension Request {
    /// A renewal (a new version approved when the last approved one is due for review, or past it) needs
    /// that version's benefits realisation recorded first.
    func requireRealisation(before a: Agreement) async throws {
        guard let last = try await AgreementVersionRecord.query(on: db).filter(\.$agreementID == a.requireID()).sort(\.$version, .descending).first(),
              last.version < a.version, last.realisedAt == nil, last.decodedAssessment?.statedBenefits.isEmpty == false,
              let doc = AgreementDocumentCache.document(last.document), doc.reviewIsDue(at: now) else { return }
        throw Abort(.conflict, reason: "version \(last.version) reaches its review on \(doc.reviewDate): record what came of each benefit it stated "
                    + "(benefits realisation) before this renewal is approved")
    }

    /// Keeps the version just approved: its document, the assessment signed with it, its parties.
    func keepApprovedVersion(_ a: Agreement) async throws {
        let r = AgreementVersionRecord()
        r.agreementID = try a.requireID(); r.version = a.version; r.document = a.document; r.assessment = a.assessment
        r.parties = a.parties; r.approvedAt = now; r.realisation = ""
        try await r.save(on: db)
    }
}
