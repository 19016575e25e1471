import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Creating users and signing in: passwords (bcrypt), mandatory TOTP, lockout, expiry of passwords
/// and training.
public enum Accounts {
    /// What a new user is given once: an initial password and the TOTP secret to enrol (the contract's
    /// `NewUserCredentials`).
    public typealias Credentials = NewUserCredentials

    static func hash(_ code: String) -> String { Hex.encode(SHA256.hash(data: Array(code.uppercased().filter { $0 != "-" }.utf8))) }

    /// Ten recovery codes like `K7M2Q-XW4PD`.
    static func recoveryCodes() -> [String] {
        (0..<10).map { _ in
            let s = TOTP.base32(SymmetricKey(size: .init(bitCount: 56)).withUnsafeBytes { Array($0) }).prefix(10)
            return "\(s.prefix(5))-\(s.suffix(5))"
        }
    }

    /// Uses a recovery code if it is one of the user's unused codes (then it is gone).
    static func useRecoveryCode(_ code: String, of user: User) -> Bool {
        let h = hash(code)
        var codes = user.recoveryCodes.split(separator: ",").map(String.init)
        guard let i = codes.firstIndex(where: { ConstantTime.equal(Array($0.utf8), Array(h.utf8)) }) else { return false }
        codes.remove(at: i)
        user.recoveryCodes = codes.joined(separator: ",")
        return true
    }

    package static func randomPassword() -> String {
        Base64URL.encode(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
    }

    /// Creates a user (approved), returning the credentials to hand over. When the configuration requires it
    /// the initial password counts as expired, so the first sign-in leads straight to changing it.
    static func create(organisation: UUID?, email: String, name: String, role: Role, trainingDate: Date, now: Date,
                       platform: Platform) async throws -> (User, Credentials) {
        let mustChangePassword = platform.config.requireInitialPasswordChange
        let password = randomPassword()
        let secret = TOTP.generateSecret()
        let u = User()
        u.id = UUID()
        u.$organisation.id = organisation
        u.email = email.lowercased(); u.name = name; u.role = role.rawValue
        u.passwordHash = try await platform.hasher.hash(password)
        try setTOTP(secret, of: u, key: platform.masterKey); u.approved = true; u.trainingDate = trainingDate; u.failedSignIns = 0
        u.accessReason = ""; u.totpEnrolmentRequired = false
        u.passwordChangedAt = mustChangePassword ? Date(timeIntervalSince1970: 0) : now
        let codes = recoveryCodes()
        u.recoveryCodes = codes.map(hash).joined(separator: ",")
        return (u, Credentials(id: UUID(), email: u.email, initialPassword: password, totpSecret: TOTP.base32(secret),
                               totpURI: TOTP.provisioningURI(secret: secret, account: u.email), recoveryCodes: codes))
    }

    /// Creates the first platform operator (the `create-operator` admin command, and tests).
    public static func createOperator(app: Application, email: String, name: String) async throws -> Credentials {
        let now = app.platform.config.now()
        var (u, c) = try await create(organisation: nil, email: email, name: name, role: .operator_, trainingDate: now, now: now,
                                      platform: app.platform)
        try await u.save(on: app.db)
        c.id = try u.requireID()
        try await app.platform.audit.record(on: app.db, at: now, actor: "admin-command", organisation: nil, action: "user.create",
                                            object: "user/\(c.id)")
        return c
    }

    static func validEmail(_ e: String) -> Bool {
        let parts = e.split(separator: "@")
        return e.utf8.count <= 254 && parts.count == 2 && parts[1].contains(".") && !e.contains(" ")
    }
}
