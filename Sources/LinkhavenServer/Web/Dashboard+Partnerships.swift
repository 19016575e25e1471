import Fluent
import Foundation
import Vapor

extension Dashboard {
    /// For a signatory: declaration versions naming their organisation that it has not signed (a
    /// newcomer's included: it joins by signing), and admissions its organisation has not yet decided.
    static func partnershipTodo(_ req: Request, _ c: Caller) async throws -> [Todo] {
        guard c.role == .signatory, let org = c.organisationID else { return [] }
        let changes = try await MembershipChange.query(on: req.db).filter(\.$status ~~ [.proposed, .accepted]).all()
        let joining = Set(changes.filter { $0.status == .accepted && $0.organisation == org }.map(\.partnershipID))
        let members = try await Partnership.query(on: req.db).holding(org, in: \.$members)
        let newcomer = joining.subtracting(members.compactMap(\.id))
        let partnerships = members + (newcomer.isEmpty ? [] : try await Partnership.query(on: req.db).filter(\.$id ~~ Array(newcomer)).all())
        guard !partnerships.isEmpty else { return [] }
        let ids = try partnerships.map { try $0.requireID() }
        let versions = try await DeclarationVersion.query(on: req.db).filter(\.$partnershipID ~~ ids).all()
        let signed = try await DeclarationSignature.query(on: req.db).filter(\.$partnershipID ~~ ids).filter(\.$organisation == org).all()
        var todo: [Todo] = []
        for p in partnerships {
            let id = try p.requireID()
            if let latest = versions.filter({ $0.partnershipID == id }).max(by: { $0.version < $1.version }), latest.memberIDs.contains(org),
               !signed.contains(where: { $0.partnershipID == id && $0.version == latest.version }) {
                todo.append(.signDeclaration(partnership: id, name: p.name, version: latest.version))
            }
            guard p.memberIDs.contains(org) else { continue }
            for m in changes where m.partnershipID == id && m.status == .proposed && !(m.acceptedIDs + m.refusedIDs).contains(org) {
                todo.append(.decideAdmission(partnership: id, name: p.name, candidate: try await req.organisationName(m.organisation)))
            }
        }
        return todo
    }

    /// Outputs put forward for release that still need this organisation's approval as data owner, in
    /// projects it no longer sees (it left their partnership): its data fed them, so it still decides.
    static func formerOwnerTodo(_ req: Request, _ c: Caller, visible: [UUID]) async throws -> [Todo] {
        guard [.orgAdmin, .signatory, .provider].contains(c.role), let org = c.organisationID else { return [] }
        let outputs = try await AnalysisOutput.query(on: req.db).filter(\.$status == .requested).holding(org, in: \.$owners)
            .filter { !visible.contains($0.projectID) }
        guard !outputs.isEmpty else { return [] }
        let decisions = try await ReleaseDecision.query(on: req.db).filter(\.$outputID ~~ outputs.map { try $0.requireID() }).all()
        return try outputs.filter { o in o.ownersPending(given: decisions.filter { $0.outputID == o.id }).contains(org) }.map { o in
            .ownerDecision(output: try o.requireID(), title: AnalysisOutput.title(definition: o.definition))
        }
    }
}
