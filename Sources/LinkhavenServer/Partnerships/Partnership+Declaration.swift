import Fluent
import Foundation
import Vapor

extension Partnership {
    /// The declaration's versions, oldest first.
    func versions(on db: any Database) async throws -> [DeclarationVersion] {
        try await DeclarationVersion.query(on: db).filter(\.$partnershipID == requireID()).sort(\.$version).all()
    }

    /// The latest declaration version (every partnership has one from its registration).
    func latestVersion(on db: any Database) async throws -> DeclarationVersion {
        guard let v = try await DeclarationVersion.query(on: db).filter(\.$partnershipID == requireID()).sort(\.$version, .descending).first() else {
            throw Abort(.internalServerError, reason: "the partnership has no declaration")
        }
        return v
    }

    /// Makes the version after `latest` (the first when there is none), naming `members`, for each of them
    /// to sign; the partnership's declaration text becomes its text.
    @discardableResult
    func newVersion(after latest: DeclarationVersion?, text: String, members: [UUID], admission: AdmissionRule, reason: String, at now: Date,
                    on db: any Database) async throws -> DeclarationVersion {
        let v = DeclarationVersion()
        v.partnershipID = try requireID(); v.version = (latest?.version ?? 0) + 1; v.text = text
        v.members = UUIDList.text(members.sorted { $0.uuidString < $1.uuidString }); v.admission = admission
        v.reason = String(reason.prefix(500)); v.createdAt = now
        try await v.save(on: db)
        declaration = text
        try await save(on: db)
        return v
    }

    /// Organisations accepted into the partnership that have not yet signed (and so are not yet members).
    func joining(on db: any Database) async throws -> [UUID] {
        try await MembershipChange.query(on: db).filter(\.$partnershipID == requireID()).filter(\.$kind == .join)
            .filter(\.$status == .accepted).all().map(\.organisation)
    }

    /// The partnership as its members see it: members, who is joining and who left, every declaration
    /// version with its signatures and who has not yet signed it, and the membership changes.
    func detail(on db: any Database) async throws -> PartnershipDetail {
        let id = try requireID()
        let signatures = try await DeclarationSignature.query(on: db).filter(\.$partnershipID == id).sort(\.$signedAt).all()
        let changes = try await MembershipChange.query(on: db).filter(\.$partnershipID == id).sort(\.$proposedAt).all()
        var inForce = 0
        var versions: [DeclarationVersionOut] = []
        for v in try await self.versions(on: db) {
            let signed = signatures.filter { $0.version == v.version }
            let unsigned = v.memberIDs.filter { m in !signed.contains { $0.organisation == m } }
            if unsigned.isEmpty { inForce = v.version }
            versions.append(DeclarationVersionOut(
                version: v.version, text: v.text, members: v.memberIDs, admission: v.admission, reason: v.reason, createdAt: v.createdAt,
                signatures: signed.map { DeclarationSignatureOut(organisation: $0.organisation, user: $0.userID, name: $0.name, role: $0.role, signedAt: $0.signedAt) },
                unsigned: unsigned, inForce: false))
        }
        for i in versions.indices { versions[i].inForce = versions[i].version == inForce }
        let named = Set(versions.flatMap(\.members) + changes.flatMap { [$0.organisation, $0.proposedBy] } + memberIDs)
        let names = Dictionary(try await Organisation.query(on: db).filter(\.$id ~~ Array(named)).all().map { (try $0.requireID().uuidString, $0.name) },
                               uniquingKeysWith: { a, _ in a })
        return PartnershipDetail(id: id, name: name, members: memberIDs, joining: changes.filter { $0.kind == .join && $0.status == .accepted }.map(\.organisation),
                                 former: changes.filter { $0.kind == .leave && $0.status == .left }.map(\.organisation).filter { !memberIDs.contains($0) },
                                 declarationVersion: versions.last?.version ?? 0, inForceVersion: inForce, versions: versions,
                                 changes: try changes.map { try $0.out }, names: names)
    }
}

extension Request {
    /// The route's partnership, if the caller may see it: a member's user, an organisation accepted and
    /// joining, or the operator (others get 404).
    func partnershipVisible(_ c: Caller) async throws -> Partnership {
        guard let p = try await Partnership.find(parameters.get("id", as: UUID.self), on: db) else { throw Abort(.notFound, reason: "no such partnership for you") }
        let org = c.organisationID ?? UUID()
        let joining = try await p.joining(on: db)
        guard c.role == .operator_ || p.memberIDs.contains(org) || joining.contains(org) else {
            throw Abort(.notFound, reason: "no such partnership for you")
        }
        return p
    }

    /// The route's partnership, for a member's user in one of `roles` (a refusal is audited as `action`).
    func partnershipForMember(_ c: Caller, _ roles: Set<Role>, _ action: String) async throws -> (Partnership, UUID) {
        let p = try await partnershipVisible(c)
        guard let org = c.organisationID, p.memberIDs.contains(org), roles.contains(c.role) else {
            throw try await deny(c, action, "only a member organisation's " + roles.map(\.rawValue).sorted().joined(separator: " or ") + " does this")
        }
        return (p, org)
    }

    /// The name of an organisation, for what members are told.
    func organisationName(_ id: UUID) async throws -> String { try await Organisation.find(id, on: db)?.name ?? "an organisation" }
}
