import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// The leaver's lifecycle, for an organisation's admin (and the platform operator, for organisation
/// admins): list users, change a role or training date, deactivate and reactivate, reset two-factor
/// enrolment, list leavers. Deactivation ends every session and API token at once. Nobody removes
/// an organisation's last active admin.
func userAdminRoutes(_ api: any RoutesBuilder) {
    api.on(API.organisationUsers) { req in
        let (c, org) = try await req.userAdmin()
        let users = try await User.query(on: req.db).filter(\.$organisation.$id == org).sort(\.$name).all()
        try await req.audit(c, organisation: org.uuidString, action: "user.list", object: "organisation/\(org)")
        return try await req.userSummaries(users, for: c)
    }

    /// Those who left: deactivated users, when, by whom and why, and what they had access to.
    api.on(API.leavers) { req in
        let (c, org) = try await req.userAdmin()
        let users = try await User.query(on: req.db).filter(\.$organisation.$id == org).filter(\.$deactivatedAt != nil).sort(\.$deactivatedAt, .descending).all()
        try await req.audit(c, organisation: org.uuidString, action: "user.leavers", object: "organisation/\(org)")
        return try await req.userSummaries(users, for: c)
    }

    api.on(API.changeUser) { req, input in
        let (c, org) = try await req.userAdmin()
        let u = try await req.managedUser(c, org: org, "user.change")
        let reason = try UserAdmin.reason(input.reason)
        var changed: [String] = []
        if let role = input.role, role.rawValue != u.role {
            guard role != .operator_ else { throw Abort(.unprocessableEntity, reason: "an organisation's user cannot be made a platform operator") }
            try await UserAdmin.keepAnAdmin(u, org: org, on: req.db)
            changed.append("role \(u.role)→\(role.rawValue)")
            u.role = role.rawValue
        }
        if let date = input.trainingDate {
            guard date <= req.now.addingTimeInterval(86_400) else { throw Abort(.unprocessableEntity, reason: "the training date cannot be in the future") }
            changed.append("training date"); u.trainingDate = date
        }
        guard !changed.isEmpty else { throw Abort(.unprocessableEntity, reason: "nothing to change: give a new role or training date") }
        u.accessReason = reason
        try await u.save(on: req.db)
        try await req.audit(c, organisation: org.uuidString, action: "user.change", object: "user/\(try u.requireID())",
                            outcome: UserAdmin.outcome(changed.joined(separator: ", "), reason))
        return try await req.userSummary(u)
    }

    api.on(API.deactivateUser) { req, input in try await req.changeAccess("deactivate", input) }
    api.on(API.reactivateUser) { req, input in try await req.changeAccess("reactivate", input) }
    api.on(API.resetTwoFactor) { req, input in try await req.changeAccess("reset-two-factor", input) }
}

extension Request {
    /// Deactivates, reactivates or resets the two-factor sign-in of the route's user, with the reason
    /// given; audited, and no session of theirs trusted from memory afterwards.
    func changeAccess(_ action: String, _ input: StatusChangeIn) async throws -> UserSummaryOut {
        let req = self
        let (c, org) = try await req.userAdmin()
        let u = try await req.managedUser(c, org: org, "user.\(action)")
        let reason = try UserAdmin.reason(input.reason)
        let id = try u.requireID()
        switch action {
        case "deactivate":
            guard u.deactivatedAt == nil else { throw Abort(.conflict, reason: "\(u.name) is already deactivated") }
            try await UserAdmin.keepAnAdmin(u, org: org, on: req.db)
            try await req.db.transaction { tx in
                u.deactivatedAt = req.now; u.deactivatedBy = c.userID; u.accessReason = reason
                try await u.save(on: tx)
                try await UserSession.query(on: tx).filter(\.$user.$id == id).delete()
                try await APIToken.query(on: tx).filter(\.$createdBy == id).filter(\.$revoked == nil).set(\.$revoked, to: req.now).update()
            }
        case "reactivate":
            let state = u.accessState(config: req.platform.config, now: req.now)
            guard state.isRestorable else { throw Abort(.conflict, reason: "\(u.name)'s access is \(state.rawValue); there is nothing to restore") }
            u.deactivatedAt = nil; u.deactivatedBy = nil; u.accessRestoredAt = req.now; u.accessReason = reason
            u.lockedUntil = nil; u.failedSignIns = 0
            try await u.save(on: req.db)
        default:   // reset-two-factor: the old authenticator and recovery codes stop working; enrol again at the next sign-in
            try await req.db.transaction { tx in
                u.totpWrapped = ""; u.totpSecret = ""; u.recoveryCodes = ""; u.totpEnrolmentRequired = true; u.accessReason = reason
                try await u.save(on: tx)
                try await UserSession.query(on: tx).filter(\.$user.$id == id).delete()
            }
        }
        req.platform.sessions.invalidate()   // the transactions above have committed: no session of theirs is trusted from memory
        try await req.audit(c, organisation: org.uuidString, action: "user.\(action)", object: "user/\(id)", outcome: UserAdmin.outcome(action, reason))
        return try await req.userSummary(u)
    }
}

/// The rules every user-admin action shares.
enum UserAdmin {
    /// A reason is required (1–500 characters): it is kept on the user and in the audit trail.
    static func reason(_ text: String) throws -> String {
        let r = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(r.count) else { throw Abort(.unprocessableEntity, reason: "give a reason (1–500 characters); it is kept in the audit trail") }
        return r
    }

    /// The audit outcome: what changed and why, bounded.
    static func outcome(_ what: String, _ reason: String) -> String { String("success: \(what); reason: \(reason)".prefix(600)) }

    /// Refuses (409) to take away the organisation's last active admin.
    static func keepAnAdmin(_ u: User, org: UUID, on db: any Database) async throws {
        guard u.role == Role.orgAdmin.rawValue, u.deactivatedAt == nil else { return }
        let others = try await User.query(on: db).filter(\.$organisation.$id == org).filter(\.$role == Role.orgAdmin.rawValue)
            .filter(\.$deactivatedAt == nil).filter(\.$id != u.requireID()).count()
        guard others > 0 else {
            throw Abort(.conflict, reason: "\(u.name) is the organisation's last active administrator: make another user an administrator first, so that the organisation is not locked out")
        }
    }
}

extension Request {
    /// The caller, if they administer the route's organisation's users: its admin, or the operator
    /// (who manages organisation admins only).
    func userAdmin() async throws -> (Caller, UUID) {
        try await organisationAdmin("user.admin", why: "only the organisation's admin (or the platform operator, for its admins) manages its users",
                                    operatorToo: true)
    }

    /// The caller, if they are the admin of the organisation the path names (`{org}`; 404 if there is none), or,
    /// with `operatorToo`, the platform operator; anyone else is refused with `why` and the refusal audited as `action`.
    func organisationAdmin(_ action: String, why: String = "only the organisation's admin does this", operatorToo: Bool = false) async throws -> (Caller, UUID) {
        let c = try await caller()
        guard let org = parameters.get("org", as: UUID.self), try await Organisation.find(org, on: db) != nil else {
            throw Abort(.notFound, reason: "no such organisation")
        }
        guard (operatorToo && c.role == .operator_) || (c.role == .orgAdmin && c.organisationID == org) else {
            let refusal = try await deny(c, action, why)   // audited either way
            // Someone of another organisation learns no more than that there is none for them.
            if c.organisationID != org, c.role != .operator_ { throw Abort(.notFound, reason: "no such organisation") }
            throw refusal
        }
        return (c, org)
    }

    /// The route's user, if in `org` and the caller may manage them (the operator: organisation admins only).
    func managedUser(_ c: Caller, org: UUID, _ action: String) async throws -> User {
        guard let u = try await User.find(parameters.get("user", as: UUID.self), on: db), u.$organisation.id == org else {
            throw Abort(.notFound, reason: "no such user in this organisation")
        }
        guard c.role != .operator_ || u.role == Role.orgAdmin.rawValue else {
            throw try await deny(c, action, "the platform operator manages organisation admins only; the organisation's admin manages its other users")
        }
        return u
    }

    /// The summaries of those of `users` the caller manages (the operator: organisation admins only).
    func userSummaries(_ users: [User], for c: Caller) async throws -> [UserSummaryOut] {
        var out: [UserSummaryOut] = []
        for u in users where c.role != .operator_ || u.role == Role.orgAdmin.rawValue { out.append(try await userSummary(u)) }
        return out
    }

    func userSummary(_ u: User) async throws -> UserSummaryOut {
        let id = try u.requireID()
        let sessions = try await UserSession.query(on: db).filter(\.$user.$id == id).all()
            .filter { now.timeIntervalSince($0.lastSeen) <= platform.config.sessionIdleTimeout }.count
        let tokens = try await APIToken.query(on: db).filter(\.$createdBy == id).filter(\.$revoked == nil).filter(\.$expires > now).count()
        var projects: [ProjectRoleOut] = []
        for m in try await ProjectMember.query(on: db).filter(\.$userID == id).all() {
            projects.append(ProjectRoleOut(project: m.projectID, name: try await Project.find(m.projectID, on: db)?.name ?? "", role: m.role))
        }
        return UserSummaryOut(id: id, email: u.email, name: u.name, role: Role(rawValue: u.role) ?? .auditor,
                              status: u.accessState(config: platform.config, now: now), lastSignInAt: u.lastSignInAt, trainingDate: u.trainingDate,
                              deactivatedAt: u.deactivatedAt, deactivatedBy: u.deactivatedBy, reason: u.accessReason,
                              twoFactorEnrolmentRequired: u.totpEnrolmentRequired, sessions: sessions, tokens: tokens, projects: projects)
    }
}
