import Foundation

/// A user of the caller's organisation to give a project role (provider, analyst, reviewer, signatory or auditor).
public struct MemberIn: Codable, Sendable, Equatable {
    public var user: UUID; public var role: Role
    public init(user: UUID, role: Role) { self.user = user; self.role = role }
}

/// A project member: the user, their organisation and their project role.
public struct MemberOut: Codable, Sendable, Equatable {
    public var user: UUID; public var organisation: UUID; public var role: String
    public init(user: UUID, organisation: UUID, role: String) { self.user = user; self.organisation = organisation; self.role = role }
}

/// A project: its purpose, its benefit and risk assessment with the red lines still open, and its members.
public struct ProjectOut: Codable, Sendable, Equatable {
    public var id: UUID; public var partnership: UUID; public var name: String; public var purpose: String
    public var assessment: Assessment?; public var openRedLines: [String]; public var members: [MemberOut]
    public init(id: UUID, partnership: UUID, name: String, purpose: String, assessment: Assessment?, openRedLines: [String], members: [MemberOut]) {
        self.id = id; self.partnership = partnership; self.name = name; self.purpose = purpose; self.assessment = assessment
        self.openRedLines = openRedLines; self.members = members
    }
}

extension API {
    public static let project = Endpoint<NoBody, ProjectOut>(
        .get, "/api/v1/projects/{id}", "A project: purpose, assessment, red lines, members", who: "project members; member admins and signatories")
    public static let addMember = Endpoint<MemberIn, NoBody>(
        .post, "/api/v1/projects/{id}/members", "Give one of your organisation's users a role in a project", who: "member org admin", success: 201)
    public static let removeMember = Endpoint<StatusChangeIn, NoBody>(
        .delete, "/api/v1/projects/{id}/members/{user}", "Remove one of your organisation's users from a project ({reason})", who: "member org admin",
        success: 204)

    static let projectOperations: [Operation] = [project.operation, addMember.operation, removeMember.operation]
}
