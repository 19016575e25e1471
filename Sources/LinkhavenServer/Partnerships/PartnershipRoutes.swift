import Fluent
import Foundation
import Vapor

/// A partnership's life after registration: the declaration signed in the product, version by version;
/// organisations admitted (proposed by a member, accepted by the signatories under the declaration's
/// rule, joined when the newcomer's signatory signs) and leaving. Each step is audited and the members told.
func partnershipRoutes(_ api: any RoutesBuilder) {
    api.on(API.partnership) { req in
        let c = try await req.caller()
        let p = try await req.partnershipVisible(c)
        req.auditRead(c, organisation: c.organisation, action: "partnership.read", object: "partnership/\(try p.requireID())")
        return try await p.detail(on: req.db)
    }

    api.on(API.signDeclaration) { req in
        let c = try await req.caller()
        let p = try await req.partnershipVisible(c)
        guard c.role == .signatory, let org = c.organisationID else { throw try await req.deny(c, "partnership.declaration.sign", "only a signatory signs the declaration") }
        let id = try p.requireID()
        let joined = try await req.db.transaction { db -> MembershipChange? in
            let v = try await p.latestVersion(on: db)
            guard v.memberIDs.contains(org) else { throw Abort(.conflict, reason: "the current declaration does not name your organisation") }
            guard try await DeclarationSignature.query(on: db).filter(\.$partnershipID == id).filter(\.$version == v.version)
                .filter(\.$organisation == org).first() == nil else { throw Abort(.conflict, reason: "your organisation has already signed version \(v.version)") }
            let s = DeclarationSignature()
            s.partnershipID = id; s.version = v.version; s.organisation = org; s.userID = c.userID; s.role = c.role.rawValue; s.signedAt = req.now
            s.name = try await User.find(c.userID, on: db)?.name ?? ""
            try await s.save(on: db)
            // A newcomer accepted by the members joins by signing.
            guard !p.memberIDs.contains(org), let change = try await MembershipChange.query(on: db).filter(\.$partnershipID == id)
                .filter(\.$kind == .join).filter(\.$organisation == org).filter(\.$status == .accepted).first() else { return nil }
            p.members = UUIDList.text(p.memberIDs + [org])
            try await p.save(on: db)
            change.status = .joined
            try await change.save(on: db)
            return change
        }
        try await req.audit(c, organisation: c.organisation, action: "partnership.declaration.sign", object: "partnership/\(id)")
        if joined != nil {
            try await req.audit(c, organisation: c.organisation, action: "partnership.join", object: "partnership/\(id)")
            try await Notifier(app: req.application).notify(p.memberIDs, kind: "partnership.joined",
                subject: "\(try await req.organisationName(org)) signed the declaration and joined '\(p.name)'", object: "partnership/\(id)")
        }
        return try await p.detail(on: req.db)
    }

    api.on(API.reviseDeclaration) { req, input in
        let c = try await req.caller()
        let (p, _) = try await req.partnershipForMember(c, [.orgAdmin, .signatory], "partnership.declaration.revise")
        let text = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...20_000).contains(text.count) else { throw Abort(.unprocessableEntity, reason: "the declaration's text is required (1–20,000 characters)") }
        let latest = try await p.latestVersion(on: req.db)
        let v = try await p.newVersion(after: latest, text: text, members: latest.memberIDs, admission: input.admission, reason: "revised", at: req.now, on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "partnership.declaration.revise", object: "partnership/\(try p.requireID())")
        try await Notifier(app: req.application).notify(v.memberIDs, kind: "partnership.declaration",
            subject: "The declaration of '\(p.name)' was revised (version \(v.version)): each member's signatory signs it again", object: "partnership/\(try p.requireID())")
        return try await p.detail(on: req.db)
    }

    api.on(API.proposeAdmission) { req, input in
        let c = try await req.caller()
        let (p, org) = try await req.partnershipForMember(c, [.orgAdmin, .signatory], "partnership.admission.propose")
        let id = try p.requireID(), reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(reason.count) else { throw Abort(.unprocessableEntity, reason: "say why the organisation should join (1–2,000 characters)") }
        let ico = (input.icoReference ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        var found: Organisation?
        if let given = input.organisation { found = try await Organisation.find(given, on: req.db) }
        else if !ico.isEmpty { found = try await Organisation.query(on: req.db).filter(\.$icoReference == ico).first() }
        guard let candidate = try found?.requireID() else {
            throw Abort(.unprocessableEntity, reason: "no organisation with that id or ICO registration number is registered on the platform; the operator registers it first")
        }
        guard !p.memberIDs.contains(candidate) else { throw Abort(.conflict, reason: "the organisation is already a member") }
        guard try await MembershipChange.query(on: req.db).filter(\.$partnershipID == id).filter(\.$organisation == candidate)
            .filter(\.$status ~~ [.proposed, .accepted]).first() == nil else { throw Abort(.conflict, reason: "the organisation's admission is already under way") }
        let rule = try await p.latestVersion(on: req.db).admission
        let m = MembershipChange()
        m.partnershipID = id; m.kind = .join; m.organisation = candidate; m.proposedBy = org; m.proposedAt = req.now; m.reason = reason
        m.status = .proposed; m.acceptedBy = c.role == .signatory ? org.uuidString : ""; m.refusedBy = ""
        m.needed = rule.needed(of: p.memberIDs.count); m.destroyed = "[]"; m.kept = "[]"
        try await m.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "partnership.admission.propose", object: "partnership/\(id)")
        try await req.settle(m, in: p)
        if m.status == .proposed {
            try await Notifier(app: req.application).notify(p.memberIDs, kind: "partnership.admission",
                subject: "\(try await req.organisationName(candidate)) is proposed to join '\(p.name)': each member's signatory accepts or refuses",
                object: "partnership/\(id)")
        }
        return try m.out
    }

    api.on(API.decideAdmission) { req, input in
        let c = try await req.caller()
        let (p, org) = try await req.partnershipForMember(c, [.signatory], "partnership.admission.decide")
        let id = try p.requireID()
        guard let m = try await MembershipChange.find(req.parameters.get("change", as: UUID.self), on: req.db), m.partnershipID == id, m.kind == .join else {
            throw Abort(.notFound, reason: "no such admission in this partnership")
        }
        guard m.status == .proposed else { throw Abort(.conflict, reason: "the admission is \(m.status.rawValue); it is no longer decided") }
        guard !(m.acceptedIDs + m.refusedIDs).contains(org) else { throw Abort(.conflict, reason: "your organisation has already decided") }
        if input.accept { m.acceptedBy = UUIDList.text(m.acceptedIDs + [org]) } else { m.refusedBy = UUIDList.text(m.refusedIDs + [org]) }
        try await m.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "partnership.admission.decide", object: "partnership/\(id)",
                            outcome: input.accept ? "accepted" : "refused")
        try await req.settle(m, in: p)
        return try m.out
    }

    api.on(API.leavePartnership) { req, input in
        let c = try await req.caller()
        let (p, org) = try await req.partnershipForMember(c, [.signatory], "partnership.leave")
        let reason = try statusChangeReason(input)
        guard p.memberIDs.count > 1 else { throw Abort(.conflict, reason: "the last member cannot leave; the operator closes the partnership") }
        let m = try await PartnershipDeparture(req: req, partnership: p, organisation: org, caller: c).leave(reason: reason)
        return try m.out
    }
}

extension Request {
    /// Applies the declaration's rule to a proposed admission: accepted once enough signatories accepted
    /// (a new declaration version then names the newcomer, for everyone to sign, the newcomer first);
    /// refused once too many refused for it ever to be accepted.
    func settle(_ m: MembershipChange, in p: Partnership) async throws {
        let id = try p.requireID(), members = p.memberIDs.count
        if m.acceptedIDs.count >= m.needed {
            let latest = try await p.latestVersion(on: db)
            let name = try await organisationName(m.organisation)
            let v = try await p.newVersion(after: latest, text: latest.text, members: latest.memberIDs + [m.organisation], admission: latest.admission,
                                           reason: "admitted \(name)", at: now, on: db)
            m.status = .accepted; m.decidedAt = now; m.declarationVersion = v.version
            try await m.save(on: db)
            try await platform.audit.record(on: db, at: now, actor: "platform", organisation: m.organisation.uuidString,
                                            action: "partnership.admission.accept", object: "partnership/\(id)")
            try await Notifier(app: application).notify(p.memberIDs + [m.organisation], kind: "partnership.admission",
                subject: "\(name) was accepted into '\(p.name)': its signatory signs declaration version \(v.version) to join, and each member signs it too",
                object: "partnership/\(id)")
        } else if m.refusedIDs.count > members - m.needed {
            m.status = .refused; m.decidedAt = now
            try await m.save(on: db)
            try await Notifier(app: application).notify(p.memberIDs, kind: "partnership.admission",
                subject: "The proposal that \(try await organisationName(m.organisation)) join '\(p.name)' was refused", object: "partnership/\(id)")
        }
    }
}
