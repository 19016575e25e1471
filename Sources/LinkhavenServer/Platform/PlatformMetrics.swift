import CoreMetrics
import Foundation
import LinkhavenAPI
import LinkhavenCore
import NIOConcurrencyHelpers
import Prometheus

/// What the platform counts for an operator's dashboards, served in Prometheus's text format at `GET /metrics`.
///
/// Two registries: Vapor's request metrics (`http_requests_total`, `http_request_duration_seconds`,
/// `http_request_errors_total`, by method, route template and status) go through swift-metrics' process-wide
/// factory, bootstrapped once per process; the platform's own (`linkhaven_…`) through a factory of this
/// platform's, so two applications in one process (the tests) count apart. Labels are fixed vocabularies
/// (route templates, states, channels, finding kinds): never an identifier, an e-mail or a name.
final class PlatformMetrics: Sendable {
    /// The process-wide registry behind swift-metrics' global factory (Vapor's request metrics).
    static let process: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    /// The file store's size, counted at most once a minute (it walks the store's directory).
    let storeSize = NIOLockedValueBox<(at: Date, files: Int, bytes: Int)?>(nil)

    init() {
        _ = Self.process
        var f = PrometheusMetricsFactory(registry: registry)
        let long: [Duration] = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400].map { .seconds($0) }
        f.durationHistogramBuckets = ["linkhaven_linkage_run_duration_seconds": long, "linkhaven_job_claim_latency_seconds": long]
        factory = f
    }

    /// Why a sign-in was refused.
    enum SignInRefusal: String {
        case unknownAccount = "unknown_account", wrongCredentials = "wrong_credentials", locked
        case accessEnded = "access_ended", singleSignOn = "single_sign_on"
    }

    func signInRefused(_ why: SignInRefusal) {
        CoreMetrics.Counter(label: "linkhaven_sign_in_failures_total", dimensions: [("reason", why.rawValue)], factory: factory).increment()
    }

    /// A failed attempt used up the account's last one: it is locked for the lockout period.
    func lockedOut() {
        CoreMetrics.Counter(label: "linkhaven_sign_in_lockouts_total", dimensions: [], factory: factory).increment()
    }

    /// An upload ended (`accepted`, `rejected`, `breach` or `abandoned`), through `channel` (https or sftp); an
    /// accepted one adds the bytes it was sent as to what was ingested.
    func uploadEnded(channel: String, status: UploadStatus, bytes: Int) {
        let channel = Self.channelLabel(channel)
        CoreMetrics.Counter(label: "linkhaven_uploads_total", dimensions: [("channel", channel), ("outcome", status.rawValue)], factory: factory).increment()
        if status == .accepted {
            CoreMetrics.Counter(label: "linkhaven_ingested_bytes_total", dimensions: [("channel", channel)], factory: factory).increment(by: Int64(bytes))
        }
    }

    /// An upload's channel as a label: `sftp`, or `https` for anything else (the label's values stay two).
    private static func channelLabel(_ channel: String) -> String { channel == "sftp" ? "sftp" : "https" }

    /// The breach guard refused an upload, having found these kinds of identifiable data in it.
    func breachGuardRefused(channel: String, kinds: Set<IdentifierKind>) {
        CoreMetrics.Counter(label: "linkhaven_breach_guard_refusals_total", dimensions: [("channel", Self.channelLabel(channel))],
                            factory: factory).increment()
        for kind in kinds {
            CoreMetrics.Counter(label: "linkhaven_breach_guard_findings_total", dimensions: [("kind", kind.rawValue)], factory: factory).increment()
        }
    }

    /// A worker claimed a queued linkage run that had waited `waited` seconds.
    func linkageRunClaimed(waited: TimeInterval) {
        CoreMetrics.Timer(label: "linkhaven_job_claim_latency_seconds", dimensions: [("queue", "linkage")], preferredDisplayUnit: .seconds,
                          factory: factory).recordNanoseconds(Int64(max(0, waited) * 1e9))
    }

    /// A linkage run ended (`succeeded`, `failed` or `cancelled`) after working for `worked`.
    func linkageRunEnded(_ state: RunStatus, worked: Duration) {
        CoreMetrics.Counter(label: "linkhaven_linkage_runs_total", dimensions: [("state", state.rawValue)], factory: factory).increment()
        CoreMetrics.Timer(label: "linkhaven_linkage_run_duration_seconds", dimensions: [("state", state.rawValue)], preferredDisplayUnit: .seconds,
                          factory: factory).recordNanoseconds(Int64(worked.seconds * 1e9))
    }

    /// A value read when the metrics are scraped.
    func gauge(_ label: String, _ dimensions: [(String, String)] = [], _ value: Double) {
        CoreMetrics.Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
    }

    /// Everything, in Prometheus's text exposition format.
    func exposition() -> String {
        Self.process.emitToString() + registry.emitToString()
    }
}
