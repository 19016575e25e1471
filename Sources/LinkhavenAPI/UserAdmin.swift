import Foundation

/// A user's access as their organisation's admins see it: active; deactivated (a leaver, or never
/// approved); lapsed (no sign-in for too long); training-expired; or locked (too many failed sign-ins).
public enum AccessState: String, APIEnum {
    case active, deactivated, lapsed, trainingExpired = "training-expired", locked

    /// Whether an admin's reactivation gives access back (a training record is renewed instead).
    public var isRestorable: Bool { self == .deactivated || self == .lapsed || self == .locked }
}

/// A project a user holds a role in.
public struct ProjectRoleOut: Codable, Sendable, Equatable {
    public var project: UUID; public var name: String; public var role: String
    public init(project: UUID, name: String, role: String) { self.project = project; self.name = name; self.role = role }
}

/// A user as their organisation's admins see them.
public struct UserSummaryOut: Codable, Sendable, Equatable {
    public var id: UUID; public var email: String; public var name: String; public var role: Role
    public var status: AccessState
    public var lastSignInAt: Date?; public var trainingDate: Date
    public var deactivatedAt: Date?; public var deactivatedBy: UUID?; public var reason: String
    public var twoFactorEnrolmentRequired: Bool
    /// Live sessions, and API tokens neither revoked nor expired.
    public var sessions: Int; public var tokens: Int
    /// The projects the user holds a role in.
    public var projects: [ProjectRoleOut]

    public init(id: UUID, email: String, name: String, role: Role, status: AccessState, lastSignInAt: Date?, trainingDate: Date,
                deactivatedAt: Date?, deactivatedBy: UUID?, reason: String, twoFactorEnrolmentRequired: Bool, sessions: Int, tokens: Int,
                projects: [ProjectRoleOut]) {
        self.id = id; self.email = email; self.name = name; self.role = role; self.status = status; self.lastSignInAt = lastSignInAt
        self.trainingDate = trainingDate; self.deactivatedAt = deactivatedAt; self.deactivatedBy = deactivatedBy; self.reason = reason
        self.twoFactorEnrolmentRequired = twoFactorEnrolmentRequired; self.sessions = sessions; self.tokens = tokens; self.projects = projects
    }
}

/// A change of a user's role or training date; the reason is recorded.
public struct UserChangeIn: Codable, Sendable, Equatable {
    public var role: Role?; public var trainingDate: Date?; public var reason: String
    public init(role: Role? = nil, trainingDate: Date? = nil, reason: String) { self.role = role; self.trainingDate = trainingDate; self.reason = reason }
}

/// What an API token may do.
public enum TokenAction: String, APIEnum {
    case upload, downloadCohort = "download-cohort"
}

/// An API token to create for the provider tool: what it may do, where, and for how long.
public struct TokenIn: Codable, Sendable, Equatable {
    public var name: String; public var project: UUID?; public var dataset: String?; public var actions: [TokenAction]; public var expiresInDays: Int
    public init(name: String, project: UUID?, dataset: String?, actions: [TokenAction], expiresInDays: Int) {
        self.name = name; self.project = project; self.dataset = dataset; self.actions = actions; self.expiresInDays = expiresInDays
    }
}

/// An API token (never its secret, except in the reply that creates it).
public struct TokenOut: Codable, Sendable, Equatable {
    public var id: UUID; public var name: String; public var project: UUID?; public var dataset: String?; public var actions: [TokenAction]
    public var expires: Date; public var revoked: Bool
    /// Only in the reply that creates it.
    public var token: String?
    public init(id: UUID, name: String, project: UUID?, dataset: String?, actions: [TokenAction], expires: Date, revoked: Bool, token: String?) {
        self.id = id; self.name = name; self.project = project; self.dataset = dataset; self.actions = actions; self.expires = expires
        self.revoked = revoked; self.token = token
    }
}

extension API {
    public static let organisationUsers = Endpoint<NoBody, [UserSummaryOut]>(
        .get, "/api/v1/organisations/{org}/users", "The organisation's users: status, role, last sign-in, training, sessions, tokens, projects",
        who: "its admin; the operator (its admins)")
    public static let leavers = Endpoint<NoBody, [UserSummaryOut]>(
        .get, "/api/v1/organisations/{org}/leavers", "Deactivated users: when, by whom, why, and what they had access to",
        who: "its admin; the operator (its admins)")
    public static let changeUser = Endpoint<UserChangeIn, UserSummaryOut>(
        .patch, "/api/v1/organisations/{org}/users/{user}", "Change a user's role or training date ({role?, trainingDate?, reason})",
        who: "its admin; the operator (its admins)")
    public static let deactivateUser = Endpoint<StatusChangeIn, UserSummaryOut>(
        .post, "/api/v1/organisations/{org}/users/{user}/deactivate", "Deactivate a user ({reason}): every session and API token of theirs ends at once",
        who: "its admin; the operator (its admins)")
    public static let reactivateUser = Endpoint<StatusChangeIn, UserSummaryOut>(
        .post, "/api/v1/organisations/{org}/users/{user}/reactivate", "Give a deactivated, lapsed or locked user access again ({reason})",
        who: "its admin; the operator (its admins)")
    public static let resetTwoFactor = Endpoint<StatusChangeIn, UserSummaryOut>(
        .post, "/api/v1/organisations/{org}/users/{user}/reset-two-factor", "Reset a user's two-factor sign-in ({reason}): they enrol again",
        who: "its admin; the operator (its admins)")
    public static let createToken = Endpoint<TokenIn, TokenOut>(
        .post, "/api/v1/tokens", "Create an API token for the provider tool (shown once)", who: "provider or org admin", success: 201)
    public static let tokens = Endpoint<NoBody, [TokenOut]>(
        .get, "/api/v1/tokens", "The organisation's API tokens (never their secrets)", who: "signed in")
    public static let revokeToken = Endpoint<NoBody, NoBody>(
        .delete, "/api/v1/tokens/{id}", "Revoke an API token", who: "its creator or the org admin", success: 204)
    public static let tokenSelf = Endpoint<NoBody, TokenOut>(
        .get, "/api/v1/tokens/self", "What the presented API token may do", who: "API token with upload")

    static let userAdminOperations: [Operation] = [
        organisationUsers.operation, leavers.operation, changeUser.operation, deactivateUser.operation, reactivateUser.operation,
        resetTwoFactor.operation, createToken.operation, tokens.operation, revokeToken.operation, tokenSelf.operation,
    ]
}
