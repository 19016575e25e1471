import Fluent
import Foundation
import Vapor

/// What a project says on the register beside its agreement: a member organisation's admin proposes a
/// plain-English summary and a contact point (never an identifier; a contact is a role or a shared
/// mailbox, not a person's name is the guidance); each party's signatory approves it; it appears once
/// every party of the project's agreements has. A new proposal starts the approvals again; the text
/// approved before stays on the register until then.
func publicationRoutes(_ api: any RoutesBuilder) {
    api.on(API.publication) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        return try await req.publicationOut(p)
    }

    api.on(API.proposePublication) { req, input in
        let c = try await req.caller()
        let (p, partnership) = try await req.projectForMember(c)
        guard c.role == .orgAdmin, let org = c.organisationID, partnership.memberIDs.contains(org) else {
            throw try await req.deny(c, "project.publication.propose", "a member organisation's admin proposes what the register says")
        }
        let summary = input.summary.trimmingCharacters(in: .whitespacesAndNewlines), contact = input.contact.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(summary.count), (1...200).contains(contact.count) else {
            throw Abort(.unprocessableEntity, reason: "a summary (1–2,000 characters) and a contact point (1–200) are required")
        }
        try refuseIdentifiers(summary)
        p.proposedSummary = summary; p.proposedContact = contact; p.proposedBy = org; p.publicationApprovals = ""
        try await p.save(on: req.db)
        let id = try p.requireID()
        try await req.audit(c, organisation: c.organisation, action: "project.publication.propose", object: "project/\(id)")
        let parties = try await req.publicationParties(id)
        try await Notifier(app: req.application).notify(parties, kind: "project.publication",
            subject: "New text for the register is proposed for '\(p.name)': each party's signatory reviews it", object: "project/\(id)")
        return try await req.publicationOut(p, parties: parties)
    }

    api.on(API.approvePublication) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        let id = try p.requireID(), parties = try await req.publicationParties(id)
        guard c.role == .signatory, let org = c.organisationID, parties.contains(org) else {
            throw try await req.deny(c, "project.publication.approve", "a signatory of a party to the project's agreement approves what the register says")
        }
        guard !p.proposedSummary.isEmpty else { throw Abort(.conflict, reason: "no text is proposed") }
        let approvals = UUIDList.parse(p.publicationApprovals)
        guard !approvals.contains(org) else { throw Abort(.conflict, reason: "your organisation has already approved this text") }
        p.publicationApprovals = UUIDList.text(approvals + [org])
        if Set(parties).isSubset(of: Set(approvals + [org])) {   // every party approved: it appears
            p.publicSummary = p.proposedSummary; p.publicContact = p.proposedContact
            p.proposedSummary = ""; p.proposedContact = ""; p.proposedBy = nil; p.publicationApprovals = ""
        }
        try await p.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "project.publication.approve", object: "project/\(id)")
        return try await req.publicationOut(p, parties: parties)
    }
}

extension Request {
    /// The organisations that review what the register says of a project: the parties to its agreements.
    func publicationParties(_ project: UUID) async throws -> [UUID] {
        Array(Set(try await Agreement.query(on: db).filter(\.$project.$id == project).all().flatMap(\.partyIDs))).sorted { $0.uuidString < $1.uuidString }
    }

    /// The project's publication as the API shows it (`parties`, when the caller has already read them).
    func publicationOut(_ p: Project, parties known: [UUID]? = nil) async throws -> PublicationOut {
        let approvals = UUIDList.parse(p.publicationApprovals), proposed = !p.proposedSummary.isEmpty
        let parties: [UUID]
        if let known { parties = known } else { parties = try await publicationParties(p.requireID()) }
        return PublicationOut(summary: p.publicSummary, contact: p.publicContact, proposedSummary: proposed ? p.proposedSummary : nil,
                              proposedContact: proposed ? p.proposedContact : nil, proposedBy: p.proposedBy, approvedBy: approvals,
                              awaiting: proposed ? parties.filter { !approvals.contains($0) } : [])
    }
}
