import Crypto
import Foundation
import LinkhavenAPI
import LinkhavenCore
import Vapor

/// Who may read `GET /metrics`: a caller connected directly from an address the operator allows
/// (`LINKHAVEN_METRICS_ALLOW`, loopback by default; `none` for nobody), and, when the operator gives a token file
/// (`LINKHAVEN_METRICS_TOKEN_FILE`, mode 0600), presenting that token as a bearer, compared in constant time. A
/// request that came through a proxy (it carries `Forwarded` or `X-Forwarded-For`) is refused unless a token is
/// required: the proxy's own address is allowed, the public behind it is not.
struct MetricsAccess: Sendable {
    let allow: [AddressRange]
    /// SHA-256 of the token, when one is required.
    let tokenDigest: [UInt8]?

    init(_ config: ServerConfiguration) throws {
        allow = try AddressRange.list(config.metricsAllow, setting: "LINKHAVEN_METRICS_ALLOW")
        guard let file = config.metricsTokenFile else { tokenDigest = nil; return }
        do { try SecretKey.checkPrivate(path: file) } catch {
            throw ConfigurationError("LINKHAVEN_METRICS_TOKEN_FILE: \(error)")
        }
        let token = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard token.utf8.count >= 16 else {
            throw ConfigurationError("LINKHAVEN_METRICS_TOKEN_FILE: the file must hold a token of at least 16 characters")
        }
        tokenDigest = Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// Throws 403 (or 401 for a missing or wrong token) unless `req` may read the metrics.
    func check(_ req: Request) throws {
        guard let peer = req.remoteAddress?.ipAddress, allow.contains(where: { $0.contains(peer) }) else {
            throw Abort(.forbidden, reason: "the metrics are served only to the addresses LINKHAVEN_METRICS_ALLOW names")
        }
        let proxied = req.headers.contains(name: "Forwarded") || req.headers.contains(name: "X-Forwarded-For")
        guard let tokenDigest else {
            if proxied { throw Abort(.forbidden, reason: "the metrics are not served through the proxy; scrape the server directly") }
            return
        }
        let given = req.headers.bearerAuthorization?.token ?? ""
        guard ConstantTime.equal(Array(SHA256.hash(data: Array(given.utf8))), tokenDigest) else {
            throw Abort(.unauthorized, reason: "the metrics need the bearer token from LINKHAVEN_METRICS_TOKEN_FILE")
        }
    }
}

func metricsRoutes(_ app: Application) {
    app.on(API.metrics) { req in
        try req.platform.metricsAccess.check(req)
        await req.platform.metrics.collect(req.application)
        return PrometheusText(text: req.platform.metrics.exposition())
    }
}
