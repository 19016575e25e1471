import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// An organisation leaving a partnership (its signatory's act, with a reason). At once: it is no longer a
/// member, its users lose their roles in every project of the partnership, and its API tokens stop
/// working there (uploads check membership). Its datasets follow the agreement they were shared under:
/// destroyed on leaving where the agreement's retention clause says so (each with its signed certificate),
/// otherwise kept to their retention date. Outputs made from them still need its approval as data owner.
/// A new declaration version names the members that remain.
struct PartnershipDeparture {
    let req: Request
    let partnership: Partnership
    let organisation: UUID
    let caller: Caller

    func leave(reason: String) async throws -> MembershipChange {
        let p = partnership, org = organisation, db = req.db, now = req.now
        let id = try p.requireID()
        let name = try await req.organisationName(org)
        let projects = try await Project.query(on: db).filter(\.$partnership.$id == id).all().map { try $0.requireID() }
        let m = MembershipChange()
        try await db.transaction { tx in
            p.members = UUIDList.text(p.memberIDs.filter { $0 != org })
            try await p.save(on: tx)
            if !projects.isEmpty {
                try await ProjectMember.query(on: tx).filter(\.$organisation == org).filter(\.$projectID ~~ projects).delete()
            }
            let latest = try await p.latestVersion(on: tx)
            let v = try await p.newVersion(after: latest, text: latest.text, members: latest.memberIDs.filter { $0 != org }, admission: latest.admission,
                                           reason: "\(name) left", at: now, on: tx)
            m.partnershipID = id; m.kind = .leave; m.organisation = org; m.proposedBy = org; m.proposedAt = now; m.reason = reason
            m.status = .left; m.acceptedBy = ""; m.refusedBy = ""; m.needed = 0; m.decidedAt = now; m.declarationVersion = v.version
            m.destroyed = "[]"; m.kept = "[]"
            try await m.save(on: tx)
        }
        try await req.audit(caller, organisation: org.uuidString, action: "partnership.leave", object: "partnership/\(id)", outcome: "reason: \(reason)")
        // Its datasets, after access has ended: destroyed where the agreement says so, kept otherwise.
        var destroyed: [String] = [], kept: [String] = []
        let service = IngestService(app: req.application)
        let datasets = projects.isEmpty ? [] : try await Dataset.query(on: db).filter(\.$provider == org).filter(\.$projectID ~~ projects).all()
        for d in datasets where d.status == .active || d.status == .destroying {
            let doc = try await Agreement.find(d.agreementID, on: db)?.decodedDocument
            if doc?.retention.destroyOnLeaving == true {
                try await service.destroy(d, reason: "\(name) left the partnership", clause: "agreement section 7 (data retention: destroyed when the provider leaves)",
                                          actor: caller.actor)
                destroyed.append(d.name)
            } else {
                kept.append(d.name)
            }
        }
        m.destroyed = Incident.encode(destroyed.sorted()); m.kept = Incident.encode(kept.sorted())
        try await m.save(on: db)
        let what = [destroyed.isEmpty ? nil : "its datasets \(destroyed.sorted().joined(separator: ", ")) were destroyed as the agreement requires",
                    kept.isEmpty ? nil : "its datasets \(kept.sorted().joined(separator: ", ")) are kept to their retention date"].compactMap { $0 }
        try await Notifier(app: req.application).notify(p.memberIDs + [org], kind: "partnership.left",
            subject: "\(name) left '\(p.name)'" + (what.isEmpty ? "" : ": " + what.joined(separator: "; ")) + ". Reason: \(reason)",
            object: "partnership/\(id)")
        return m
    }
}
