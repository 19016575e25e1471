import Fluent
import Foundation
import LinkhavenCore
import Vapor

func governanceRoutes(_ api: any RoutesBuilder) {
    api.on(API.createPartnership) { req, input in
        let c = try await req.caller()
        guard c.role == .operator_ else { throw try await req.deny(c, "partnership.create", "only the platform operator registers partnerships") }
        guard (1...200).contains(input.name.count), !input.members.isEmpty, input.declaration.count <= 20_000 else {
            throw Abort(.unprocessableEntity, reason: "a name (1–200 characters), a declaration and at least one member organisation are required")
        }
        for m in input.members where try await Organisation.find(m, on: req.db) == nil { throw Abort(.unprocessableEntity, reason: "a member is not a registered organisation") }
        let signatories = input.signatories ?? []
        guard signatories.allSatisfy({ input.members.contains($0.organisation) && (1...200).contains($0.name.count) && $0.position.count <= 200 }) else {
            throw Abort(.unprocessableEntity, reason: "each signatory needs a name and must sign for a member organisation")
        }
        let p = Partnership()
        p.name = input.name; p.declaration = input.declaration; p.members = UUIDList.text(input.members)
        p.signatories = String(decoding: try JSONEncoder().encode(signatories), as: UTF8.self)
        try await p.save(on: req.db)
        try await p.newVersion(after: nil, text: input.declaration, members: input.members, admission: input.admission ?? .unanimous, reason: "registered",
                               at: req.now, on: req.db)
        for m in input.members { try await req.audit(c, organisation: m.uuidString, action: "partnership.create", object: "partnership/\(try p.requireID())") }
        return Created(id: try p.requireID())
    }

    /// The partnerships the caller's organisation belongs to (all, for the operator), with their declarations' signatories.
    api.on(API.partnerships) { req in
        let c = try await req.caller()
        req.auditRead(c, organisation: c.organisation, action: "partnership.list", object: "partnerships")
        let joining = Set(try await MembershipChange.query(on: req.db).filter(\.$organisation == (c.organisationID ?? UUID()))
            .filter(\.$status == .accepted).all().map(\.partnershipID))
        return try await Partnership.query(on: req.db).sort(\.$name).all()
            .filter { c.role == .operator_ || $0.memberIDs.contains(c.organisationID ?? UUID()) || joining.contains($0.id ?? UUID()) }
            .map { PartnershipOut(id: try $0.requireID(), name: $0.name, declaration: $0.declaration, members: $0.memberIDs,
                                  signatories: (try? JSONDecoder().decode([DeclarationSignatory].self, from: Data($0.signatories.utf8))) ?? []) }
    }

    api.on(API.createProject) { req, input in
        let c = try await req.caller()
        guard let p = try await Partnership.find(req.parameters.get("id", as: UUID.self), on: req.db) else { throw Abort(.notFound, reason: "no such partnership for you") }
        guard c.role == .operator_ || ([.orgAdmin, .signatory].contains(c.role) && p.memberIDs.contains(c.organisationID ?? UUID())) else {
            let refusal = try await req.deny(c, "project.create", "only a member organisation's admin or signatory creates projects")
            if c.role != .operator_, !p.memberIDs.contains(c.organisationID ?? UUID()) { throw Abort(.notFound, reason: "no such partnership for you") }
            throw refusal
        }
        guard (1...200).contains(input.name.count), (1...5_000).contains(input.purpose.count) else {
            throw Abort(.unprocessableEntity, reason: "a name (1–200 characters) and a purpose (1–5,000) are required")
        }
        let pr = Project()
        pr.$partnership.id = try p.requireID(); pr.name = input.name; pr.purpose = input.purpose; pr.assessment = ""; pr.linkageSpec = ""; pr.keyFingerprint = ""; pr.linkConfig = ""; pr.platformKey = ""; pr.boundaries = ""
        pr.publicSummary = ""; pr.publicContact = ""; pr.proposedSummary = ""; pr.proposedContact = ""; pr.publicationApprovals = ""
        try await pr.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "project.create", object: "project/\(try pr.requireID())")
        return Created(id: try pr.requireID())
    }

    api.on(API.writeAssessment) { req, a in
        let c = try await req.caller()
        let (project, partnership) = try await req.projectForMember(c)
        guard [.orgAdmin, .signatory].contains(c.role) else { throw try await req.deny(c, "assessment.update", "only an admin or signatory writes the assessment") }
        _ = partnership
        guard a.problems.isEmpty else { throw Abort(.unprocessableEntity, reason: "the assessment is incomplete: " + a.problems.joined(separator: "; ")) }
        // Signing a version signs its assessment: once one is submitted, the assessment changes only with a new version.
        if let signed = try await Agreement.query(on: req.db).filter(\.$project.$id == project.requireID()).all().first(where: { $0.status != .draft }) {
            throw Abort(.conflict, reason: "the assessment is signed with agreement '\(signed.decodedDocument?.title ?? "")' version \(signed.version) "
                        + "(\(signed.status.rawValue)); change the agreement (a new version, which every party signs again) to revise it")
        }
        project.assessment = String(decoding: try JSONEncoder().encode(a), as: UTF8.self)
        try await project.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "assessment.update", object: "project/\(try project.requireID())")
        return a
    }

    api.on(API.draftAgreement) { req, input in
        let c = try await req.caller()
        let (project, partnership) = try await req.projectForMember(c)
        guard [.orgAdmin, .signatory].contains(c.role), let org = c.organisationID else { throw try await req.deny(c, "agreement.create", "only an admin or signatory drafts agreements") }
        let parties = Set(input.parties + [org])
        guard parties.isSubset(of: Set(partnership.memberIDs)) else { throw Abort(.unprocessableEntity, reason: "every party must be a member of the partnership") }
        let problems = input.document.problems(parties: Set(parties.map(\.uuidString)))
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: "the agreement is incomplete: " + problems.joined(separator: "; ")) }
        let a = Agreement()
        a.$project.id = try project.requireID(); a.owner = org; a.parties = parties.map(\.uuidString).sorted().joined(separator: ",")
        a.version = 1; a.status = .draft; a.statusReason = ""; a.statusSince = req.now; a.statusBy = org; a.assessment = ""
        a.document = String(decoding: try JSONEncoder().encode(input.document), as: UTF8.self)
        try await a.save(on: req.db)
        try await req.audit(c, organisation: org.uuidString, action: "agreement.create", object: "agreement/\(try a.requireID())")
        return try await req.agreementOut(a)
    }

    /// Agreements of the caller's organisation due for review within 30 days (or overdue).
    api.on(API.agreementReminders) { req in
        let c = try await req.caller()
        let org = c.organisationID ?? UUID()
        var due: [AgreementOut] = []
        for a in try await Agreement.query(on: req.db).holding(org, in: \.$parties) {
            try await req.expireIfPastReview(a)
            let out = try await req.agreementOut(a)
            if a.isDueForReview(out.document, at: req.now) { due.append(out) }
        }
        try await req.audit(c, organisation: c.organisation, action: "agreement.reminders", object: "agreements")
        return due
    }

    api.on(API.agreement) { req in
        let c = try await req.caller()
        let a = try await req.agreementForParty(c)
        try await req.expireIfPastReview(a)
        req.auditRead(c, organisation: c.organisation, action: "agreement.read", object: "agreement/\(try a.requireID())")
        return try await req.agreementOut(a)
    }

    api.on(API.changeAgreement) { req, doc in
        let c = try await req.caller()
        let a = try await req.agreementForParty(c)
        guard c.organisationID == a.owner, [.orgAdmin, .signatory].contains(c.role) else { throw try await req.deny(c, "agreement.update", "only the owning organisation edits the agreement") }
        guard a.status != .ended else { throw Abort(.conflict, reason: "the agreement has ended; draft a new agreement instead") }
        let problems = doc.problems(parties: Set(a.partyIDs.map(\.uuidString)))
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: "the agreement is incomplete: " + problems.joined(separator: "; ")) }
        // A changed agreement is a new version, signed again by every party; an EXPIRED one comes back only this way.
        if a.status != .draft {
            a.version += 1; a.assessment = ""   // the assessment is open again, to be signed with the new version
            a.record(.draft, at: req.now, by: c.organisationID, reason: "version \(a.version) drafted")
        }
        a.document = String(decoding: try JSONEncoder().encode(doc), as: UTF8.self)
        try await a.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "agreement.update", object: "agreement/\(try a.requireID())")
        return try await req.agreementOut(a)
    }
    agreementLifecycleRoutes(api)
}

extension Request {
    /// An APPROVED agreement whose review date has passed becomes EXPIRED (audited as the platform's act; parties told).
    func expireIfPastReview(_ a: Agreement) async throws {
        try await AgreementExpiry.expireIfDue(a, app: application)
    }

    /// Records a denial and returns the 403 to throw.
    func deny(_ c: Caller, _ action: String, _ reason: String) async throws -> Abort {
        try await audit(c, organisation: c.organisation, action: action, object: url.path, outcome: "denied")
        return Abort(.forbidden, reason: reason)
    }

    func projectForMember(_ c: Caller) async throws -> (Project, Partnership) {
        guard let p = try await projectWithPartnership(parameters.get("id", as: UUID.self) ?? UUID()),
              p.partnership.memberIDs.contains(c.organisationID ?? UUID()) else {
            throw Abort(.notFound, reason: "no such project among your organisation's partnerships")
        }
        return (p, p.partnership)
    }

    /// The agreement, if the caller's organisation is a party (others get 404: they may not learn it exists).
    func agreementForParty(_ c: Caller) async throws -> Agreement {
        guard let a = try await Agreement.find(parameters.get("id", as: UUID.self), on: db), a.partyIDs.contains(c.organisationID ?? UUID()) else {
            throw Abort(.notFound, reason: "no such agreement for your organisation")
        }
        return a
    }

    func agreementOut(_ a: Agreement) async throws -> AgreementOut {
        let id = try a.requireID()
        let signed = try await AgreementSignature.query(on: db).filter(\.$agreement.$id == id).filter(\.$version == a.version).all().map(\.organisation)
        // The version's own assessment once submitted (signed with it); the project's current one while a draft.
        let text = a.assessment.isEmpty ? (try await project(a.$project.id))?.assessment ?? "" : a.assessment
        let assessment = text.isEmpty ? nil : try? JSONDecoder().decode(Assessment.self, from: Data(text.utf8))
        let redLines = assessment?.openRedLines ?? ["no benefit and risk assessment has been written"]
        let doc = try AgreementDocumentCache.decode(a.document)
        return AgreementOut(id: id, project: a.$project.id, owner: a.owner, parties: a.partyIDs, version: a.version, status: a.status,
                            document: doc, signedBy: signed, openRedLines: redLines,
                            governingStatus: a.governingStatus(document: doc, at: now), statusSince: a.statusSince,
                            statusBy: a.statusBy, statusReason: a.statusReason, assessment: assessment)
    }
}
