import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// A new authenticator, shown once: the secret, its provisioning URI and fresh recovery codes.
struct EnrolmentOut: Content { var totpSecret: String; var totpURI: String; var recoveryCodes: [String] }
struct EnrolmentConfirmIn: Content { var code: String }

/// Enrolling again after an admin reset the user's two-factor sign-in: the next sign-in (password
/// only) may do nothing but start an enrolment and confirm it with a code from the new authenticator.
func twoFactorEnrolmentRoutes(_ api: any RoutesBuilder) {
    api.post("me", "two-factor") { req async throws -> Response in
        let c = try await req.caller(allowPasswordChange: true, allowEnrolment: true)
        guard let u = try await User.find(c.userID, on: req.db), u.totpEnrolmentRequired else {
            throw Abort(.conflict, reason: "your authenticator is enrolled; your organisation's administrator can reset it if you lost it")
        }
        let secret = TOTP.generateSecret(), codes = Accounts.recoveryCodes()
        try Accounts.setTOTP(secret, of: u, key: req.platform.masterKey)
        u.recoveryCodes = codes.map(Accounts.hash).joined(separator: ",")
        try await u.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "user.two-factor.start", object: "user/\(c.userID)")
        return try await EnrolmentOut(totpSecret: TOTP.base32(secret), totpURI: TOTP.provisioningURI(secret: secret, account: u.email), recoveryCodes: codes)
            .encodeResponse(status: .created, for: req)
    }

    api.post("me", "two-factor", "confirm") { req async throws -> HTTPStatus in
        let c = try await req.caller(allowPasswordChange: true, allowEnrolment: true)
        let input = try req.strictBody(EnrolmentConfirmIn.self)
        guard let u = try await User.find(c.userID, on: req.db), u.totpEnrolmentRequired,
              let secret = Accounts.totpSecret(of: u, key: req.platform.masterKey) else {
            throw Abort(.conflict, reason: "start an enrolment first (POST /api/v1/me/two-factor)")
        }
        guard TOTP.verify(input.code.replacingOccurrences(of: " ", with: ""), secret: secret, time: Int64(req.now.timeIntervalSince1970)) else {
            try await req.audit(c, organisation: c.organisation, action: "user.two-factor.confirm", object: "user/\(c.userID)", outcome: "denied")
            throw Abort(.unprocessableEntity, reason: "that code does not match the new authenticator; check the device's clock and try the next code")
        }
        u.totpEnrolmentRequired = false
        try await u.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "user.two-factor.confirm", object: "user/\(c.userID)")
        return .noContent
    }
}
