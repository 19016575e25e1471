import Foundation
import LinkhavenAPI
import LinkhavenServer

extension DemoScript {
    /// What an operator's Prometheus would scrape at the end of the demo (`GET /metrics`, loopback only by default):
    /// uploads by outcome, the breach guard's refusals, sign-in failures and lockouts, linkage runs, and the requests
    /// counted by route template. Returns the line the summary prints.
    func metricsLine() async throws -> String {
        let s = PrometheusSamples(try await client.call(API.metrics, token: nil).text)
        func n(_ name: String, _ labels: [String: String] = [:]) -> Int { Int(s.value(name, labels) ?? 0) }
        return "\(client.base ?? "")/metrics: \(n("linkhaven_uploads_total")) uploads ended (\(n("linkhaven_uploads_total", ["outcome": "accepted"])) accepted, "
            + "\(n("linkhaven_breach_guard_refusals_total")) refused by the breach guard), \(n("linkhaven_ingested_bytes_total")) bytes ingested, "
            + "\(n("linkhaven_sign_in_failures_total")) sign-in failures and \(n("linkhaven_sign_in_lockouts_total")) lockout(s), "
            + "\(n("linkhaven_linkage_runs_total", ["state": "succeeded"])) linkage runs succeeded, "
            + "\(n("http_requests_total")) requests counted by route template"
    }

    /// A backup of the demo platform as an operator takes one (`linkhaven-server backup`), into `<demo>/backups/<when>`,
    /// and the key vault it leaves out.
    /// Returns the line the summary prints.
    func backupLine() async throws -> String {
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let dir = (provider as NSString).deletingLastPathComponent + "/backups/" + stamp
        let r = try await PlatformBackup.take(app, to: dir)
        return String(format: "the %@ database and %d encrypted files, %.1f MB, in %.1f s, into %@ (signed manifest; the master key is not in it, "
                      + "nor the key vault at %@ with %d data keys and %d tombstone(s) of destroyed versions, so restoring it never brings one back); "
                      + "`linkhaven-server restore --from` puts it back and verifies it", r.manifest.database, r.files, Double(r.bytes) / 1e6, r.seconds, dir,
                      r.keyVault, r.vaultKeys, r.vaultTombstones)
    }
}
