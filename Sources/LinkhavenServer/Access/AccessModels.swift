import Fluent
import Foundation
import Vapor

/// A partner organisation (council, police force, NHS body, university…).
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String
    @Field(key: "ico_reference") var icoReference: String
    @Field(key: "created_at") var createdAt: Date
    /// Contact e-mail and phone for information governance.
    @Field(key: "contact_email") var contactEmail: String
    @Field(key: "contact_phone") var contactPhone: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $name, $address, $icoReference, $createdAt, $contactEmail, $contactPhone] }
    init() {}
    init(name: String, address: String, icoReference: String, createdAt: Date) {
        self.name = name; self.address = address; self.icoReference = icoReference; self.createdAt = createdAt
        contactEmail = ""; contactPhone = ""
    }
}

/// A person who signs in. Passwords are bcrypt hashes; the TOTP secret is required.
final class User: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @Field(key: "password_hash") var passwordHash: String
    /// Empty: secrets stored before they were wrapped sat here, and move to `totpWrapped` at start-up.
    @Field(key: "totp_secret") var totpSecret: String
    /// The TOTP secret, wrapped by the master key for this user (AES-GCM): a copy of the database alone passes no second factor.
    @Field(key: "totp_wrapped") var totpWrapped: String
    @Field(key: "approved") var approved: Bool
    @Field(key: "training_date") var trainingDate: Date
    @Field(key: "failed_sign_ins") var failedSignIns: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "password_changed_at") var passwordChangedAt: Date
    /// SHA-256 hashes of the unused recovery codes, comma-separated.
    @Field(key: "recovery_codes") var recoveryCodes: String
    /// A leaver: when the user was deactivated and by whom (nil while active); the reason of the last change of access.
    @OptionalField(key: "deactivated_at") var deactivatedAt: Date?
    @OptionalField(key: "deactivated_by") var deactivatedBy: UUID?
    @Field(key: "access_reason") var accessReason: String
    /// The last successful sign-in, and when an admin last restored the user's access (access lapses
    /// after a configured time without either).
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?
    @OptionalField(key: "access_restored_at") var accessRestoredAt: Date?
    /// The two-factor enrolment was reset: the next sign-in (password only) must enrol a new authenticator first.
    @Field(key: "totp_enrolment_required") var totpEnrolmentRequired: Bool
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $organisation, $email, $name, $role, $passwordHash, $totpSecret, $totpWrapped, $approved, $trainingDate, $failedSignIns,
         $lockedUntil, $passwordChangedAt, $recoveryCodes, $deactivatedAt, $deactivatedBy, $accessReason, $lastSignInAt, $accessRestoredAt,
         $totpEnrolmentRequired]
    }
    init() {}
}

/// A signed-in session: only the SHA-256 of its bearer token is stored.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    /// The last request, to within `lastSeenResolution`: a read does not write it again sooner, so
    /// reads stay reads (the idle timeout is then exact to within that minute).
    @Field(key: "last_seen") var lastSeen: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $user, $tokenHash, $lastSeen] }
    static let lastSeenResolution: TimeInterval = 60
    init() {}
}
