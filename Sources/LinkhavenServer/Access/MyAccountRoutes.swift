import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// The signed-in user's own account: changing the password (the only thing allowed while it must be
/// changed), and enrolling again after an admin reset the two-factor sign-in (the next sign-in,
/// password only, may do nothing but start an enrolment and confirm it with a code from the new authenticator).
func myAccountRoutes(_ api: any RoutesBuilder) {
    api.on(API.changePassword) { req, input in
        let c = try await req.caller(allowPasswordChange: true)
        guard let u = try await User.find(c.userID, on: req.db), try await req.platform.hasher.verify(input.currentPassword, against: u.passwordHash) else {
            try await req.audit(c, organisation: c.organisation, action: "user.password", object: "user/\(c.userID)", outcome: "denied")
            throw Abort(.forbidden, reason: "the current password is wrong")
        }
        guard input.newPassword.count >= 12, input.newPassword.count <= 200, input.newPassword != input.currentPassword else {
            throw Abort(.unprocessableEntity, reason: "the new password must be 12 to 200 characters and differ from the current one")
        }
        u.passwordHash = try await req.platform.hasher.hash(input.newPassword)
        u.passwordChangedAt = req.now
        try await u.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "user.password", object: "user/\(c.userID)")
        return NoBody()
    }

    api.on(API.startTwoFactor) { req in
        let c = try await req.caller(allowPasswordChange: true, allowEnrolment: true)
        guard let u = try await User.find(c.userID, on: req.db), u.totpEnrolmentRequired else {
            throw Abort(.conflict, reason: "your authenticator is enrolled; your organisation's administrator can reset it if you lost it")
        }
        let secret = TOTP.generateSecret(), codes = Accounts.recoveryCodes()
        try Accounts.setTOTP(secret, of: u, key: req.platform.masterKey)
        u.recoveryCodes = codes.map(Accounts.hash).joined(separator: ",")
        try await u.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "user.two-factor.start", object: "user/\(c.userID)")
        return EnrolmentOut(totpSecret: TOTP.base32(secret), totpURI: TOTP.provisioningURI(secret: secret, account: u.email), recoveryCodes: codes)
    }

    api.on(API.confirmTwoFactor) { req, input in
        let c = try await req.caller(allowPasswordChange: true, allowEnrolment: true)
        guard let u = try await User.find(c.userID, on: req.db), u.totpEnrolmentRequired,
              let secret = Accounts.totpSecret(of: u, key: req.platform.masterKey) else {
            throw Abort(.conflict, reason: "start an enrolment first (\(API.startTwoFactor.key))")
        }
        guard TOTP.verify(input.code.replacingOccurrences(of: " ", with: ""), secret: secret, time: Int64(req.now.timeIntervalSince1970)) else {
            try await req.audit(c, organisation: c.organisation, action: "user.two-factor.confirm", object: "user/\(c.userID)", outcome: "denied")
            throw Abort(.unprocessableEntity, reason: "that code does not match the new authenticator; check the device's clock and try the next code")
        }
        u.totpEnrolmentRequired = false
        try await u.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "user.two-factor.confirm", object: "user/\(c.userID)")
        return NoBody()
    }
}
