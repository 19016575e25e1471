import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
import LinkhavenTooling
@testable import LinkhavenServer
import Testing
import Vapor

/// The operator's metrics: what the platform counts is exactly what happened (uploads accepted and refused by the
/// breach guard, a linkage run, sign-in failures and a lockout), requests are counted by route template, never by an
/// identifier, and `/metrics` is served only to the addresses (and with the token) the operator allows.
@Suite("Metrics", .serialized)
struct MetricsTests {
    @Test func addressRangesParseAndMatch() throws {
        let v4 = try #require(AddressRange("10.1.0.0/16"))
        #expect(v4.contains("10.1.200.7") && !v4.contains("10.2.0.1") && !v4.contains("::1"))
        #expect(v4.contains("::ffff:10.1.2.3"), "an IPv4 peer on a dual-stack listener")
        #expect(AddressRange("10.1.2.3/9")?.description == "10.0.0.0/9")
        let v6 = try #require(AddressRange("fd00::/8"))
        #expect(v6.contains("fd12:3456::1") && !v6.contains("fe80::1") && !v6.contains("10.0.0.1"))
        #expect(AddressRange("127.0.0.1")?.contains("127.0.0.1") == true && AddressRange("127.0.0.1")?.contains("127.0.0.2") == false)
        #expect(AddressRange("0.0.0.0/0")?.contains("203.0.113.9") == true)
        for bad in ["", "10.0.0.0/33", "::1/129", "10.0.0/8", "example.org", "10.0.0.1/", "10.0.0.1/-1", "1.2.3.4/8/8", "10.0.0.1/٨"] {
            #expect(AddressRange(bad) == nil, "\(bad)")
        }
        #expect(try AddressRange.list("none", setting: "X").isEmpty)
        #expect(try AddressRange.list(" 127.0.0.1 , ::1 ", setting: "X").count == 2)
        #expect(throws: ConfigurationError.self) { try AddressRange.list("127.0.0.1, localhost", setting: "X") }
    }

    @Test func countsWhatHappenedByTemplateNeverByIdentifier() async throws {
        try await Harness.run(configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 60)   // six uploads, accepted
            let header = try CSVReader(path: f.dir + "/housing.pseudo.csv").next()!.fields
            let (leaky, m) = try f.variant("housing") { rows in rows[4][header.firstIndex(of: "arrears") ?? header.count - 1] = "943 476 5919" }
            #expect(try await h.upload(f, token: f.boroughUpload, bytes: leaky, manifest: m).status == .breach)
            let analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst).status == .succeeded)

            // Sign-in failures: an unknown address, then wrong passwords until the account locks, then the lock.
            let user = try #require(f.partnership.borough.credentials[.signatory])
            try await Self.signIn(h, "nobody@example.test", expect: .unauthorized)
            for _ in 0..<h.app.platform.config.maxFailedSignIns { try await Self.signIn(h, user.email, expect: .unauthorized) }
            try await Self.signIn(h, user.email, expect: .locked)

            let scraped = try await Self.scrape(h)
            #expect(scraped.status == .ok && scraped.contentType.hasPrefix("text/plain; version=0.0.4"), "\(scraped.status)")
            let s = PrometheusSamples(scraped.body)
            if let sample = ProcessInfo.processInfo.environment["LINKHAVEN_METRICS_SAMPLE"] { try scraped.body.write(toFile: sample, atomically: true, encoding: .utf8) }
            let bytes = try await Upload.query(on: h.app.db).filter(\.$status == .accepted).all().reduce(0) { $0 + $1.size }
            #expect(s.value("linkhaven_uploads_total", ["channel": "https", "outcome": "accepted"]) == 6)
            #expect(s.value("linkhaven_uploads_total", ["channel": "https", "outcome": "breach"]) == 1)
            #expect(s.value("linkhaven_ingested_bytes_total", ["channel": "https"]) == Double(bytes))
            #expect(s.value("linkhaven_breach_guard_refusals_total", ["channel": "https"]) == 1)
            #expect(s.value("linkhaven_breach_guard_findings_total", ["kind": "nhsNumber"]) == 1)
            #expect(s.value("linkhaven_linkage_runs_total", ["state": "succeeded"]) == 1)
            #expect(s.value("linkhaven_linkage_run_duration_seconds_count", ["state": "succeeded"]) == 1)
            #expect(s.value("linkhaven_job_claim_latency_seconds_count", ["queue": "linkage"]) == 1)
            #expect(s.value("linkhaven_linkage_runs_by_state", ["state": "succeeded"]) == 1 && s.value("linkhaven_queue_depth", ["queue": "linkage"]) == 0)
            #expect(s.value("linkhaven_sign_in_failures_total", ["reason": "unknown_account"]) == 1)
            #expect(s.value("linkhaven_sign_in_failures_total", ["reason": "wrong_credentials"]) == Double(h.app.platform.config.maxFailedSignIns))
            #expect(s.value("linkhaven_sign_in_failures_total", ["reason": "locked"]) == 1)
            #expect(s.value("linkhaven_sign_in_lockouts_total", [:]) == 1)
            let stored = try h.app.platform.store.size()
            #expect(stored.files > 0 && s.value("linkhaven_store_bytes", [:]) == Double(stored.bytes))
            #expect(s.value("linkhaven_database_pool_size", ["pool": "requests"]) ?? 0 >= 1)
            if h.app.platform.config.databaseURL != nil { #expect(s.value("linkhaven_database_connections", ["state": "active"]) ?? 0 >= 1) }
            // Requests by route template and status (process-wide: at least this test's).
            #expect(s.value("http_requests_total", ["method": "POST", "path": "/api/v1/sessions", "status": "401"]) ?? 0 >= 6)
            #expect(s.value("http_requests_total", ["method": "GET", "path": "/api/v1/runs/:run", "status": "200"]) ?? 0 >= 1)
            #expect(s.value("http_request_duration_seconds_count", ["method": "POST", "path": "/api/v1/sessions", "status": "423"]) ?? 0 >= 1)
            // Never an identifier, an e-mail or an id in a label.
            for leak in ["943 476 5919", "9434765919", user.email, "nobody@example.test", f.project, queued.id.uuidString.lowercased(), "@"] {
                #expect(!scraped.body.contains(leak), "\(leak) in the metrics")
            }
        }
    }

    /// Each request is counted once, under its route's template and the method as sent, or under
    /// `vapor_route_undefined` when no route matches (a path as sent never becomes a label); a 5xx counts as an error.
    @Test func requestsAreCountedOnceByTemplate() async throws {
        try await Harness.run { h in
            // HEAD to a GET route without a session: a series no other suite makes, so its count is exactly ours.
            let series = ["method": "HEAD", "path": "/api/v1/me", "status": "401"]
            let unmatched = ["method": "undefined", "path": "vapor_route_undefined", "status": "404"]
            let before = PrometheusSamples(try await Self.scrape(h).body)
            for _ in 0..<3 { #expect(try await h.call(.HEAD, "api/v1/me").status == .unauthorized) }
            let secret = "no-such-page-" + UUID().uuidString
            #expect(try await h.call(.GET, secret).status == .notFound)
            let after = try await Self.scrape(h).body, s = PrometheusSamples(after)
            #expect((s.value("http_requests_total", series) ?? 0) - (before.value("http_requests_total", series) ?? 0) == 3)
            #expect((s.value("http_request_duration_seconds_count", series) ?? 0) - (before.value("http_request_duration_seconds_count", series) ?? 0) == 3)
            #expect((s.value("http_requests_total", unmatched) ?? 0) > (before.value("http_requests_total", unmatched) ?? 0))
            #expect(!after.contains(secret) && !after.contains("no-such-page"))
            #expect(s.value("http_request_errors_total", series) == nil, "a 401 is not an error")
        }
    }

    @Test func servedOnlyToAllowedAddressesWithTheirToken() async throws {
        try await Harness.run(configure: { $0.metricsAllow = "10.0.0.0/8" }) { h in
            let (elsewhere, inMemory) = (try await Self.scrape(h), try await h.call(.GET, "metrics"))
            #expect(elsewhere.status == .forbidden, "127.0.0.1 is not in 10.0.0.0/8")
            #expect(inMemory.status == .forbidden, "no peer address at all")
        }
        try await Harness.run { h in
            let proxied = try await Self.scrape(h, headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(proxied.status == .forbidden, "through a proxy, without a token")
        }
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-token-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let token = "scrape-" + UUID().uuidString
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tokenFile)
        await #expect(throws: ConfigurationError.self, "a token file others can read is refused at start") {
            try await Harness.run(configure: { $0.metricsTokenFile = tokenFile }) { _ in }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile)
        try await Harness.run(configure: { $0.metricsTokenFile = tokenFile }) { h in
            let none = try await Self.scrape(h), wrong = try await Self.scrape(h, headers: ["Authorization": "Bearer scrape-wrong"])
            let right = try await Self.scrape(h, headers: ["Authorization": "Bearer \(token)"])
            let proxied = try await Self.scrape(h, headers: ["Authorization": "Bearer \(token)", "X-Forwarded-For": "203.0.113.9"])
            #expect(none.status == .unauthorized && wrong.status == .unauthorized)
            #expect(right.status == .ok && proxied.status == .ok, "the token lets a scrape through a proxy too")
        }
    }

    static func signIn(_ h: Harness, _ email: String, expect status: HTTPStatus) async throws {
        let r = try await h.call(.POST, "api/v1/sessions", json: ["email": email, "password": "not the password", "code": "000000"])
        #expect(r.status == status, "\(email): \(r.status)")
    }

    /// `GET /metrics` over TCP from 127.0.0.1, as Prometheus would scrape it.
    static func scrape(_ h: Harness, headers: HTTPHeaders = [:]) async throws -> (status: HTTPStatus, contentType: String, body: String) {
        let r = try await LoopbackHTTP.serving(h) { try await LoopbackHTTP.send(port: $0, .GET, "metrics", headers: headers) }
        return (r.status, r.headers.first(name: .contentType) ?? "", r.body)
    }
}
