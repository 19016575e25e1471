import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// APPROVED agreements past their review date without a renewed version become EXPIRED: recorded
/// by the sweep that runs with the server's background work (and on reading one), audited as the
/// platform's act, and every party told. The policy treats them as expired from the day after the
/// review date whether or not the sweep has recorded it yet.
enum AgreementExpiry {
    /// Expires `a` if it is APPROVED and past its review date; whether it did.
    @discardableResult
    static func expireIfDue(_ a: Agreement, app: Application) async throws -> Bool {
        let now = app.platform.config.now()
        guard a.status == AgreementStatus.approved, let doc = a.decodedDocument,
              a.governingStatus(document: doc, at: now) == .expired else { return false }
        let id = try a.requireID()
        // A conditional update: two expiries at once record it once.
        try await Agreement.query(on: app.db).filter(\.$id == id).filter(\.$status == AgreementStatus.approved)
            .set(\.$status, to: AgreementStatus.expired).set(\.$statusSince, to: now).set(\.$statusBy, to: nil)
            .set(\.$statusReason, to: "review date \(doc.reviewDate) passed without a renewed version").update()
        guard let after = try await Agreement.find(id, on: app.db), after.status == AgreementStatus.expired,
              after.statusSince.map({ abs($0.timeIntervalSince(now)) < 1 }) == true else { return false }
        a.status = after.status; a.statusSince = after.statusSince; a.statusBy = nil; a.statusReason = after.statusReason
        try await app.platform.audit.record(on: app.db, at: now, actor: "platform", organisation: a.owner.uuidString, action: "agreement.expire",
                                            object: "agreement/\(id)")
        try await Notifier(app: app).notify(a.partyIDs, kind: "agreement.expired",
            subject: "Agreement '\(doc.title)' expired: its review date \(doc.reviewDate) passed without a renewed version. Nothing is processed under it until a new version is signed by every party.",
            object: "agreement/\(id)")
        return true
    }

    /// Expires every APPROVED agreement past its review date; how many.
    static func sweep(_ app: Application) async throws -> Int {
        var n = 0
        for a in try await Agreement.query(on: app.db).filter(\.$status == AgreementStatus.approved).all()
        where try await expireIfDue(a, app: app) { n += 1 }
        return n
    }
}

extension AgreementDocument {
    /// Whether its review date is within 30 days of `now`, or past: reminders, the dashboard and benefits
    /// realisation all count from here.
    func reviewIsDue(at now: Date) -> Bool {
        guard let review = try? DateNormaliser().parse(reviewDate) else { return false }
        return review.daysSinceEpoch - CalendarDate.today(now) <= 30
    }
}
