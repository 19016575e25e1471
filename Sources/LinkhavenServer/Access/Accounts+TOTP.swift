import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension Accounts {
    /// Stores `secret` as the user's second factor, wrapped by the master key (the user needs its id).
    static func setTOTP(_ secret: [UInt8], of user: User, key: MasterKey) throws {
        user.totpWrapped = try key.wrap(SymmetricKey(data: secret), context: .totp(try user.requireID()))
        user.totpSecret = ""
    }

    /// The user's TOTP secret, or nil if it does not open (wrapped by another master key).
    static func totpSecret(of user: User, key: MasterKey) -> [UInt8]? {
        guard let id = user.id, let k = try? key.unwrap(user.totpWrapped, context: .totp(id)) else { return nil }
        return k.withUnsafeBytes { Array($0) }
    }

    /// Wraps every TOTP secret still stored as it is (from before secrets were wrapped), in one transaction,
    /// so that a copy of the database alone no longer passes anyone's second factor.
    static func protectTOTPSecrets(_ app: Application) async throws {
        let key = app.platform.masterKey
        let moved = try await app.db.transaction { tx in
            var n = 0
            for u in try await User.query(on: tx).filter(\.$totpSecret != "").all() {
                guard let secret = TOTP.decodeBase32(u.totpSecret) else { continue }
                try setTOTP(secret, of: u, key: key)
                try await u.save(on: tx)
                n += 1
            }
            return n
        }
        if moved > 0 {
            try await app.platform.audit.record(on: app.db, at: app.platform.config.now(), actor: "platform", organisation: nil,
                                                action: "platform.totp.wrap", object: "users/\(moved)")
        }
    }
}
