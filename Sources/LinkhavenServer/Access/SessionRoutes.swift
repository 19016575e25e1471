import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Signing in and out. A sign-in passes, in order: the client's rate limit (429), the account's
/// lockout, claimed atomically (423; a locked account's owner may still try from a device they signed in
/// from before, with tries of its own), the password, checked on the hashing pool, and the code.
func sessionRoutes(_ api: any RoutesBuilder, limiter: RateLimiter) {
    api.grouped(RateLimitMiddleware(limiter: limiter, what: "sign-in attempts")).on(API.signIn) { req, input in
        let (user, locksIfWrong, device) = try await req.claimSignIn(input)
        let check = try await req.checkSignIn(user, input, locksIfWrong: locksIfWrong)
        return try await req.openSession(user, check, device: device)
    }

    api.on(API.signOut) { req in
        let caller = try await req.caller(allowPasswordChange: true, allowEnrolment: true)
        let hash = Hex.encode(SHA256.hash(data: Array((req.headers.bearerAuthorization?.token ?? "").utf8)))
        try await UserSession.query(on: req.db).filter(\.$tokenHash == hash).delete()
        req.platform.sessions.invalidate()
        try await req.audit(caller, organisation: caller.organisation, action: "session.delete", object: "user/\(caller.userID)")
        return NoBody()
    }
}
