import Crypto
import Foundation
import LinkhavenCore
import NIOConcurrencyHelpers
import Vapor

/// A token bucket per client: `burst` requests at once, then `perMinute` a minute. Time is the
/// platform's clock (tests move it). Buckets that have filled up again are forgotten.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var at: Date }
    private let burst: Double, perSecond: Double
    private let buckets = NIOLockedValueBox([String: Bucket]())

    init(burst: Int, perMinute: Double) {
        self.burst = Double(max(1, burst)); perSecond = max(perMinute, 0.001) / 60
    }

    /// Takes one token for `client`; when none is left, the seconds until one is.
    func take(_ client: String, now: Date) -> Int? {
        buckets.withLockedValue { all in
            if all.count > 10_000 { all = all.filter { min(burst, $0.value.tokens + now.timeIntervalSince($0.value.at) * perSecond) < burst } }
            var b = all[client] ?? Bucket(tokens: burst, at: now)
            b.tokens = min(burst, b.tokens + max(0, now.timeIntervalSince(b.at)) * perSecond)
            b.at = now
            guard b.tokens >= 1 else {
                all[client] = b
                return Int(((1 - b.tokens) / perSecond).rounded(.up))
            }
            b.tokens -= 1
            all[client] = b
            return nil
        }
    }
}

/// Refuses a client over its rate with 429 and `Retry-After`, before any work is done for it.
struct RateLimitMiddleware: AsyncMiddleware {
    let limiter: RateLimiter
    let what: String

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let client = request.origin.address   // behind a trusted proxy, the address it forwarded
        if let wait = limiter.take(client, now: request.now) {
            let r = try Problem(error: "too many \(what) from your address; try again in \(wait) seconds").response(.tooManyRequests)
            r.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            return r
        }
        return try await next.respond(to: request)
    }
}

/// The public area (the register, open data: `/register`, `/api/v1/public/…`, `/api/v1/open/…`), which
/// anyone may read without signing in, and single sign-on's steps (`/sso/…`, which anyone may start),
/// limited per client address.
struct PublicAreaRateLimit: AsyncMiddleware {
    let limiter: RateLimiter
    static let prefixes = ["/register", "/api/v1/public/", "/api/v1/open/", "/sso/"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard Self.prefixes.contains(where: { path == $0 || path.hasPrefix($0) }) else { return try await next.respond(to: request) }
        return try await RateLimitMiddleware(limiter: limiter, what: "requests to the public area").respond(to: request, chainingTo: next)
    }
}

extension Request {
    /// Spends one of the credential's (the bearer token's; the client address's when there is none) allowance on a
    /// costly operation — creating API tokens, announcing uploads — or refuses with 429 and `Retry-After`. Called
    /// first in the handler, so the API and the web interface (which calls the handler in process) share it.
    func spendAllowance(_ limiter: RateLimiter, on what: String) throws {
        let credential = headers.bearerAuthorization.map { "token:" + Hex.encode(SHA256.hash(data: Array($0.token.utf8))) }
        if let wait = limiter.take(credential ?? "address:" + origin.address, now: now) {
            throw Abort(.tooManyRequests, headers: ["Retry-After": String(wait)], reason: "too many \(what) from you; try again in \(wait) seconds")
        }
    }
}
