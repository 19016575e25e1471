import Fluent
import Foundation
import Vapor

extension User {
    /// Deactivated by their organisation (a leaver), or never approved: no session or API token of theirs works.
    var isDeactivated: Bool { deactivatedAt != nil || !approved }

    /// The user's state for their organisation's admins: active, deactivated, lapsed (no sign-in for too
    /// long), training-expired, or locked (too many failed sign-ins).
    func accessState(config: ServerConfiguration, now: Date) -> AccessState {
        if isDeactivated { return .deactivated }
        if lapsedSince(config: config, now: now) != nil { return .lapsed }
        if now.timeIntervalSince(trainingDate) > config.trainingValidity { return .trainingExpired }
        if let until = lockedUntil, until > now { return .locked }
        return .active
    }

    /// Since when the user's access lapsed for want of signing in, or nil. A user who never signed in
    /// has not lapsed (their initial password expires instead).
    func lapsedSince(config: ServerConfiguration, now: Date) -> Date? {
        guard let last = [lastSignInAt, accessRestoredAt].compactMap({ $0 }).max() else { return nil }
        let end = last.addingTimeInterval(config.inactivityLapse)
        return end < now ? end : nil
    }

    /// Why a user in `state` (`accessState`) may not sign in (in words they can act on), or nil. A lock
    /// is not an end of access: sign-in refuses it before the password is checked.
    static func accessEnded(_ state: AccessState, config: ServerConfiguration) -> String? {
        switch state {
        case .deactivated: return "your account has been deactivated by your organisation"
        case .lapsed: return "your access lapsed after \(Int(config.inactivityLapse / 86_400)) days without signing in"
        case .trainingExpired: return "your access has lapsed: your training record has expired"
        default: return nil
        }
    }
}

extension Accounts {
    /// Who can restore a user's access, for a refusal: their organisation's active admins by name (the
    /// platform operator for an organisation admin with no other).
    static func restorers(of user: User, except: UUID? = nil, on db: any Database) async throws -> String {
        guard let org = user.$organisation.id else { return "ask the platform operator" }
        let admins = try await User.query(on: db).filter(\.$organisation.$id == org).filter(\.$role == Role.orgAdmin.rawValue).all()
            .filter { $0.deactivatedAt == nil && $0.id != user.id }.map(\.name).sorted()
        return admins.isEmpty ? "ask the platform operator to restore it" : "ask your organisation's administrator (\(admins.joined(separator: ", "))) to restore it"
    }
}
