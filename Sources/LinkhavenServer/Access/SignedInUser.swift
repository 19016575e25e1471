import Foundation

/// What a request needs to know of the user whose session it carries: a copy taken when the session
/// was read, never the model itself (it may be shared by the requests of one session for a moment;
/// see `SessionCache`).
struct SignedInUser: Sendable {
    var id: UUID
    var organisationID: UUID?
    var role: String
    var email: String
    var name: String
    var passwordChangedAt: Date
    var totpEnrolmentRequired: Bool
    var isDeactivated: Bool

    init(_ user: User) throws {
        id = try user.requireID()
        organisationID = user.$organisation.id
        role = user.role
        email = user.email
        name = user.name
        passwordChangedAt = user.passwordChangedAt
        totpEnrolmentRequired = user.totpEnrolmentRequired
        isDeactivated = user.isDeactivated
    }
}
