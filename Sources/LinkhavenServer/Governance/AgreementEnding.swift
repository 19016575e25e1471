import Fluent
import Foundation
import Vapor

/// Ending an agreement for good (its owner's signatory, with a reason every party is told): it becomes
/// ENDED, never to be resumed or renewed (a new agreement is drafted instead), nothing more is processed
/// under it, and each dataset shared under it is destroyed with everything derived from it and a signed
/// certificate citing the agreement's end. Outputs already released stay, as with any destruction.
func agreementEndingRoutes(_ api: any RoutesBuilder) {
    api.on(API.endAgreement) { req, input in
        let c = try await req.caller()
        let a = try await req.agreementForParty(c)
        try await req.expireIfPastReview(a)
        guard c.organisationID == a.owner, c.role == .signatory else {
            throw try await req.deny(c, "agreement.end", "only the owning organisation's signatory ends the agreement")
        }
        guard a.status.allows(.ended) else {
            throw Abort(.conflict, reason: "only an APPROVED, SUSPENDED or EXPIRED agreement can be ended (it is \(a.status.rawValue))")
        }
        let reason = try statusChangeReason(input)
        let id = try a.requireID()
        a.record(.ended, at: req.now, by: c.organisationID, reason: reason)
        try await a.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "agreement.end", object: "agreement/\(id)", outcome: "reason: \(reason)")
        var destroyed: [String] = []
        let service = IngestService(app: req.application)
        for d in try await Dataset.query(on: req.db).filter(\.$agreementID == id).sort(\.$name).all() where d.status != .destroyed {
            try await service.destroy(d, reason: "the agreement ended: \(reason)", clause: "agreement section 7 (data retention: destroyed when the agreement ends)",
                                      actor: c.actor)
            destroyed.append(d.name)
        }
        let title = a.decodedDocument?.title ?? ""
        try await Notifier(app: req.application).notify(a.partyIDs, kind: "agreement.ended",
            subject: "Agreement '\(title)' was ended: " + (destroyed.isEmpty ? "no data was held under it" : "destroyed with it: " + destroyed.joined(separator: ", "))
                + ". Reason: \(reason)", object: "agreement/\(id)")
        return try await req.agreementOut(a)
    }
}
