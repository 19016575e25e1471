import Fluent
import Foundation
import Vapor

/// A user's role in one project: project roles decide who sees what inside a project.
final class ProjectMember: Model, @unchecked Sendable {
    static let schema = "project_members"
    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "role") var role: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $projectID, $userID, $organisation, $role] }
    init() {}
}

extension Request {
    /// The project (`id`, or the route's `:id`), if the caller may see inside it: a project member, or
    /// the admin or signatory of a member organisation (its governance). Others, the operator included, get 404.
    /// `object` names what the caller asked for (a dataset, a run of the project…): refused, they are told
    /// there is no such thing for them in the words a missing one gets, so nothing says it exists.
    func projectWithAccess(_ c: Caller, id given: UUID? = nil, object: String = "project") async throws -> Project {
        guard let id = given ?? parameters.get("id", as: UUID.self), let p = try await projectWithPartnership(id) else {
            throw Abort(.notFound, reason: "no such \(object) for you")
        }
        let governance = [.orgAdmin, .signatory].contains(c.role) && p.partnership.memberIDs.contains(c.organisationID ?? UUID())
        let member = try await membership(c, project: id) != nil
        guard governance || member else { throw Abort(.notFound, reason: "no such \(object) for you") }
        return p
    }
}

func projectMemberRoutes(_ api: any RoutesBuilder) {
    api.on(API.addMember) { req, input in
        let c = try await req.caller()
        let (project, partnership) = try await req.projectForMember(c)
        guard c.role == .orgAdmin, let org = c.organisationID, partnership.memberIDs.contains(org) else {
            throw try await req.deny(c, "project.member.add", "only a member organisation's admin adds project members")
        }
        guard let user = try await User.find(input.user, on: req.db), user.$organisation.id == org else {
            throw Abort(.notFound, reason: "no such user in your organisation")
        }
        guard [.provider, .analyst, .reviewer, .signatory, .auditor].contains(input.role) else {
            throw Abort(.unprocessableEntity, reason: "a project role is provider, analyst, reviewer, signatory or auditor")
        }
        let m = ProjectMember()
        m.projectID = try project.requireID(); m.userID = input.user; m.organisation = org; m.role = input.role.rawValue
        do { try await m.save(on: req.db) } catch { throw Abort(.conflict, reason: "that user is already a member of the project") }
        try await req.audit(c, organisation: org.uuidString, action: "project.member.add", object: "project/\(m.projectID)")
        return NoBody()
    }

    /// Removes a user of the caller's organisation from the project, at once (reason required).
    api.on(API.removeMember) { req, input in
        let c = try await req.caller()
        let (project, _) = try await req.projectForMember(c)
        guard c.role == .orgAdmin, let org = c.organisationID else {
            throw try await req.deny(c, "project.member.remove", "only the user's organisation admin removes them from a project")
        }
        let user = req.parameters.get("user", as: UUID.self) ?? UUID()
        guard let m = try await ProjectMember.query(on: req.db).filter(\.$projectID == project.requireID()).filter(\.$userID == user)
            .filter(\.$organisation == org).first() else { throw Abort(.notFound, reason: "no such member of the project from your organisation") }
        let reason = try UserAdmin.reason(input.reason)
        try await m.delete(on: req.db)
        try await req.audit(c, organisation: org.uuidString, action: "project.member.remove", object: "project/\(m.projectID)",
                            outcome: UserAdmin.outcome("user/\(user) (\(m.role)) removed", reason))
        return NoBody()
    }

    api.on(API.project) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        let id = try p.requireID()
        let assessment = p.assessment.isEmpty ? nil : try? JSONDecoder().decode(Assessment.self, from: Data(p.assessment.utf8))
        let members = try await ProjectMember.query(on: req.db).filter(\.$projectID == id).all()
            .map { MemberOut(user: $0.userID, organisation: $0.organisation, role: $0.role) }
        req.auditRead(c, organisation: c.organisation, action: "project.read", object: "project/\(id)")
        return ProjectOut(id: id, partnership: p.$partnership.id, name: p.name, purpose: p.purpose, assessment: assessment,
                          openRedLines: assessment?.openRedLines ?? ["no benefit and risk assessment has been written"], members: members)
    }
}
