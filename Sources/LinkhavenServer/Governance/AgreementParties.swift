import Fluent
import Foundation
import Vapor

/// A project's agreement takes on a new party (a member organisation that joined the work mid-way, a
/// voluntary organisation or a school): a new version, DRAFT, that every party signs again. The owner
/// then adds what the newcomer shares to the document (PUT) before submitting it.
func agreementPartyRoutes(_ api: any RoutesBuilder) {
    api.on(API.addAgreementParty) { req, input in
        let c = try await req.caller()
        let a = try await req.agreementForParty(c)
        guard c.organisationID == a.owner, [.orgAdmin, .signatory].contains(c.role) else {
            throw try await req.deny(c, "agreement.party.add", "only the owning organisation adds a party")
        }
        guard let project = try await req.projectWithPartnership(a.$project.id), project.partnership.memberIDs.contains(input.organisation) else {
            throw Abort(.unprocessableEntity, reason: "a party must first be a member of the partnership (admitted, and signed its declaration)")
        }
        guard a.status != .ended else { throw Abort(.conflict, reason: "the agreement has ended; draft a new agreement instead") }
        guard !a.partyIDs.contains(input.organisation) else { throw Abort(.conflict, reason: "the organisation is already a party") }
        let name = try await req.organisationName(input.organisation)
        try await req.expireIfPastReview(a)
        if a.status != .draft { a.version += 1; a.assessment = "" }
        a.parties = UUIDList.text((a.partyIDs + [input.organisation]).sorted { $0.uuidString < $1.uuidString })
        a.record(.draft, at: req.now, by: c.organisationID, reason: "version \(a.version) drafted: \(name) added as a party")
        try await a.save(on: req.db)
        let id = try a.requireID()
        try await req.audit(c, organisation: c.organisation, action: "agreement.party.add", object: "agreement/\(id)")
        try await Notifier(app: req.application).notify(a.partyIDs, kind: "agreement.party",
            subject: "\(name) is added as a party to '\(a.decodedDocument?.title ?? "the agreement")': version \(a.version), for every party to sign",
            object: "agreement/\(id)")
        return try await req.agreementOut(a)
    }
}
