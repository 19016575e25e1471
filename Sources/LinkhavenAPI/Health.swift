import Foundation

/// One thing a health check looked at, and what it found (never a secret, a name or a path).
public struct HealthCheck: Codable, Sendable, Equatable {
    public var name: String; public var ok: Bool; public var detail: String
    public init(name: String, ok: Bool, detail: String) { self.name = name; self.ok = ok; self.detail = detail }
}

/// Whether the process answers (`live`) or can do its work (`ready`): `ok` or `unavailable`, with each check.
public struct HealthOut: Codable, Sendable, Equatable {
    public var status: String; public var checks: [HealthCheck]
    public init(status: String, checks: [HealthCheck]) { self.status = status; self.checks = checks }
}

extension API {
    public static let healthLive = Endpoint<NoBody, HealthOut>(
        .get, "/health/live", "The process answers (a load balancer's liveness probe): cheap, no database", who: "anyone")
    public static let healthReady = Endpoint<NoBody, HealthOut>(
        .get, "/health/ready", "Whether it can do its work: database reachable, migrations current, file store writable, master key loaded, "
            + "linkage workers heard from (503 when any is not)", who: "anyone", also: [503])

    public static let metrics = Endpoint<NoBody, PrometheusText>(
        .get, "/metrics", "The platform's metrics in Prometheus's text format: requests by route template and status, sign-in failures, "
            + "uploads, breach-guard refusals, linkage runs, queues, database and store; only to the addresses the operator allows "
            + "(and with their bearer token when one is set)", who: "the operator's monitoring", also: [401, 403])

    static let healthOperations: [Operation] = [healthLive.operation, healthReady.operation, metrics.operation]
}
