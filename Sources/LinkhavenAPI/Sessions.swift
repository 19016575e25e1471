import Foundation

/// Signing in: the e-mail address, the password, and a code from the authenticator app (or a
/// single-use recovery code; none after an admin reset the two-factor sign-in).
public struct SignIn: Codable, Sendable, Equatable {
    public var email: String; public var password: String; public var code: String
    public init(email: String, password: String, code: String) { self.email = email; self.password = password; self.code = code }
}

/// A session: its bearer token, and what the user must do before anything else.
public struct SessionOut: Codable, Sendable, Equatable {
    public var token: String; public var passwordChangeRequired: Bool
    /// The two-factor enrolment was reset: enrol a new authenticator (`API.startTwoFactor`) before anything else.
    public var twoFactorEnrolmentRequired: Bool
    /// This client's device token: send it back as the `Linkhaven-Device` header when signing in, and a lock
    /// someone else's wrong passwords put on the account does not keep you out (your own tries are counted apart).
    public var device: String?
    public init(token: String, passwordChangeRequired: Bool, twoFactorEnrolmentRequired: Bool, device: String? = nil) {
        self.token = token; self.passwordChangeRequired = passwordChangeRequired; self.twoFactorEnrolmentRequired = twoFactorEnrolmentRequired
        self.device = device
    }
}

/// A password change: the current password, and a new one of 12 to 200 characters that differs from it.
public struct PasswordChange: Codable, Sendable, Equatable {
    public var currentPassword: String; public var newPassword: String
    public init(currentPassword: String, newPassword: String) { self.currentPassword = currentPassword; self.newPassword = newPassword }
}

/// A new authenticator, shown once: the secret, its provisioning URI and fresh recovery codes.
public struct EnrolmentOut: Codable, Sendable, Equatable {
    public var totpSecret: String; public var totpURI: String; public var recoveryCodes: [String]
    public init(totpSecret: String, totpURI: String, recoveryCodes: [String]) { self.totpSecret = totpSecret; self.totpURI = totpURI; self.recoveryCodes = recoveryCodes }
}

/// A code from the new authenticator, confirming the enrolment.
public struct EnrolmentConfirmIn: Codable, Sendable, Equatable {
    public var code: String
    public init(code: String) { self.code = code }
}

extension API {
    public static let signIn = Endpoint<SignIn, SessionOut>(
        .post, "/api/v1/sessions", "Sign in with e-mail, password and TOTP code (or a recovery code)", who: "anyone", success: 201)
    public static let signOut = Endpoint<NoBody, NoBody>(.delete, "/api/v1/sessions", "Sign out", who: "signed in", success: 204)
    public static let changePassword = Endpoint<PasswordChange, NoBody>(
        .post, "/api/v1/me/password", "Change password", who: "signed in", success: 204)
    public static let startTwoFactor = Endpoint<NoBody, EnrolmentOut>(
        .post, "/api/v1/me/two-factor", "After a reset: a new authenticator secret and recovery codes (shown once)",
        who: "signed in (password only after a reset)", success: 201)
    public static let confirmTwoFactor = Endpoint<EnrolmentConfirmIn, NoBody>(
        .post, "/api/v1/me/two-factor/confirm", "Confirm the new authenticator with a code", who: "signed in (password only after a reset)", success: 204)

    static let sessionOperations: [Operation] = [
        signIn.operation, signOut.operation, changePassword.operation, startTwoFactor.operation, confirmTwoFactor.operation,
    ]
}
