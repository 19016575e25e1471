import Foundation

/// The signed-in user, and what they must do before anything else.
public struct MeOut: Codable, Sendable, Equatable {
    public var id: UUID; public var email: String; public var name: String; public var role: Role; public var organisationID: UUID?
    /// An initial password, or one past its maximum age: only a password change is allowed until it is changed.
    public var passwordChangeRequired: Bool
    /// The two-factor sign-in was reset: only enrolling a new authenticator is allowed until it is done.
    public var twoFactorEnrolmentRequired: Bool

    public init(id: UUID, email: String, name: String, role: Role, organisationID: UUID?, passwordChangeRequired: Bool, twoFactorEnrolmentRequired: Bool) {
        self.id = id; self.email = email; self.name = name; self.role = role; self.organisationID = organisationID
        self.passwordChangeRequired = passwordChangeRequired; self.twoFactorEnrolmentRequired = twoFactorEnrolmentRequired
    }
}

/// A notification to an organisation (a breach, a new version, an expiry…), newest first.
public struct NotificationOut: Codable, Sendable, Equatable {
    public var id: UUID; public var kind: String; public var subject: String; public var object: String; public var createdAt: Date; public var read: Bool
    public init(id: UUID, kind: String, subject: String, object: String, createdAt: Date, read: Bool) {
        self.id = id; self.kind = kind; self.subject = subject; self.object = object; self.createdAt = createdAt; self.read = read
    }
}

/// A partner's security credential (ISO 27001, DSPT, Cyber Essentials…) and whether it has expired.
public struct CredentialOut: Codable, Sendable, Equatable {
    public var organisation: UUID; public var organisationName: String; public var scheme: String; public var reference: String
    public var expires: Date; public var expired: Bool
    public init(organisation: UUID, organisationName: String, scheme: String, reference: String, expires: Date, expired: Bool) {
        self.organisation = organisation; self.organisationName = organisationName; self.scheme = scheme; self.reference = reference
        self.expires = expires; self.expired = expired
    }
}

/// A project the caller may see inside, with their project role (none: they see it as governance).
public struct ProjectSummary: Codable, Sendable, Equatable {
    public var id: UUID; public var partnership: UUID; public var partnershipName: String; public var name: String; public var purpose: String
    public var role: String?
    public init(id: UUID, partnership: UUID, partnershipName: String, name: String, purpose: String, role: String?) {
        self.id = id; self.partnership = partnership; self.partnershipName = partnershipName; self.name = name; self.purpose = purpose; self.role = role
    }
}
