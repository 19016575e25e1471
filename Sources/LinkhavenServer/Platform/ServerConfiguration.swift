import Foundation

/// Everything the server needs to start, as one value: `main` reads it from the environment,
/// tests build it directly.
public struct ServerConfiguration: Sendable {
    /// Where the SQLite file and the platform signing key live.
    public var dataDirectory: String
    /// A PostgreSQL URL; SQLite in `dataDirectory` when `nil`.
    public var databaseURL: String?
    /// bcrypt cost for password hashes (12 in production; tests may lower it, never below 4).
    public var bcryptCost: Int = 12
    /// Sessions end after this long without a request.
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// A session checked against the database is trusted for this long by the process that checked it
    /// (0: every request reads it). Any change to a user or a session in this process ends that at once.
    public var sessionCacheLifetime: TimeInterval = 10
    /// New users (and the first operator) must change the initial password they were given at their
    /// first sign-in. Tests that sign in with initial passwords turn it off.
    public var requireInitialPasswordChange = true
    /// Passwords must be changed this often.
    public var passwordMaxAge: TimeInterval = 180 * 24 * 3600
    /// Failed sign-ins before a lockout, and how long it lasts.
    public var maxFailedSignIns = 5
    public var lockout: TimeInterval = 15 * 60
    /// Sign-in attempts one client address may make at once, and then per minute (429 with `Retry-After` beyond).
    public var signInBurst = 10
    public var signInPerMinute: Double = 10
    /// Requests one client address may make to the public area (the register, open data) per minute, and at once.
    public var publicPerMinute: Double = 120
    /// API tokens one signed-in user (or client) may create per minute, and at once.
    public var tokensPerMinute: Double = 10
    /// Uploads one credential may announce per minute, and at once (a provider's nightly job sends a handful).
    public var uploadsPerMinute: Double = 120
    /// How long a user's recorded training stays valid.
    public var trainingValidity: TimeInterval = 365 * 24 * 3600
    /// Access lapses after this long without signing in (an admin restores it).
    public var inactivityLapse: TimeInterval = 90 * 24 * 3600
    /// The master key file (mode 0600, outside the database); `<dataDirectory>/master.key` when `nil`.
    public var masterKeyPath: String?
    /// The key vault: the directory holding each stored version's data key, wrapped by the master key, outside the
    /// database and its backups (see `KeyVault`); `<dataDirectory>/key-vault` when `nil`.
    public var keyVaultPath: String?
    /// Refuse to start when the master key does not open the keys the database holds (a wrong
    /// `LINKHAVEN_MASTER_KEY`). Tests that empty a shared database only after start-up turn it off.
    public var verifyMasterKey = true
    /// A URL to POST notifications to (breach incidents, quality issues, destruction), if any.
    public var webhookURL: String?
    /// An SMTP relay (`host:port`, plain SMTP on a trusted network, e.g. the host's own MTA, which takes
    /// it on over TLS) that incident notifications are also sent through by e-mail, if any.
    public var smtpRelay: String?
    /// The sender of those e-mails, and the platform's address for the links in them.
    public var mailFrom = "linkhaven@localhost"
    public var publicURL = "http://127.0.0.1:8080"
    /// How often the mail sender looks for mail to send (seconds).
    public var mailInterval: TimeInterval = 5
    /// How often the retention scheduler looks for expired data (0 turns it off).
    public var retentionSweepInterval: TimeInterval = 3600
    /// An upload that has received no bytes for this long is abandoned: its staged bytes are deleted
    /// (the sweep runs with the retention scheduler) and the provider tool starts it again.
    public var uploadAbandonAfter: TimeInterval = 24 * 3600
    /// Linkage workers in the server process (0 when `linkhaven-server worker` processes do the work).
    public var inProcessWorkers = 1
    /// How often a worker beats a running run's heartbeat, and after how long without one another
    /// worker claims the run again (seconds).
    public var workerHeartbeat: Double = 5
    public var workerStaleAfter: TimeInterval = 60
    /// Result rows a linkage worker writes per transaction (tests make it small to watch a store happen).
    public var linkageStoreBatch = 2_000
    /// PostgreSQL connections per event loop for requests (background work has 2 of its own).
    public var requestConnections = 4
    /// The SFTP drop-box's root (`linkhaven-server sftp configure` makes it): when set, the server and workers
    /// watch its drops every `sftpPollInterval` seconds and ingest a file once its manifest has arrived and
    /// neither has changed for `sftpSettle` seconds.
    public var sftpRoot: String?
    public var sftpPollInterval: TimeInterval = 5
    public var sftpSettle: TimeInterval = 2
    /// Where jobs reach the drop-box (`host:port`), shown to organisation admins.
    public var sftpAddress: String?
    /// Whether opening the platform also puts right what a crash left (restarting validations, removing
    /// orphaned files) and runs the master key check: `false` for a quick lookup such as sshd's
    /// `AuthorizedKeysCommand`, which must neither take work over nor wait for it.
    public var recoverAtBoot = true
    /// Who may read `GET /metrics` (`LINKHAVEN_METRICS_ALLOW`): addresses or blocks, comma-separated, connected
    /// directly; loopback by default, `none` for nobody.
    public var metricsAllow = "127.0.0.1/8,::1"
    /// The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (`LINKHAVEN_TRUSTED_PROXIES`):
    /// addresses or blocks, comma-separated; none by default.
    public var trustedProxies = ""
    /// Whether cookies are marked `Secure` (`LINKHAVEN_SECURE_COOKIES`): `auto` (the default) marks them everywhere but
    /// local development (a browser on this machine talking to the server directly over HTTP); `always`; `never`.
    public var secureCookies = CookieSecurity.auto
    /// A file (mode 0600) holding a bearer token that `GET /metrics` then also requires (`LINKHAVEN_METRICS_TOKEN_FILE`).
    public var metricsTokenFile: String?
    /// The clock (tests move it).
    public var now: @Sendable () -> Date = { Date() }

    public init(dataDirectory: String, databaseURL: String? = nil) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
    }

    /// From the environment: `LINKHAVEN_DATA` (default `./data`), `DATABASE_URL`, `LINKHAVEN_MASTER_KEY`, `LINKHAVEN_KEY_VAULT`,
    /// `LINKHAVEN_WEBHOOK_URL`, `LINKHAVEN_RETENTION_SWEEP_SECONDS`, `LINKHAVEN_IN_PROCESS_WORKERS`,
    /// `LINKHAVEN_WORKER_HEARTBEAT_SECONDS`, `LINKHAVEN_WORKER_STALE_SECONDS`, `LINKHAVEN_INACTIVITY_LAPSE_DAYS` (default 90)
    /// `LINKHAVEN_SIGN_IN_PER_MINUTE` (per client address, default 10, also the burst), `LINKHAVEN_PUBLIC_PER_MINUTE`
    /// (the public area, per client address, default 120, also the burst) and
    /// `LINKHAVEN_UPLOAD_ABANDON_HOURS` (default 24), `LINKHAVEN_DB_POOL` (PostgreSQL connections per event loop for requests, default 4)
    /// and `LINKHAVEN_SESSION_CACHE_SECONDS` (default 10, 0 off); `LINKHAVEN_SMTP_RELAY` (`host:port`),
    /// `LINKHAVEN_MAIL_FROM` and `LINKHAVEN_PUBLIC_URL` for e-mailed notifications; `LINKHAVEN_SFTP_ROOT` and
    /// `LINKHAVEN_SFTP_POLL_SECONDS` (default 5) and `LINKHAVEN_SFTP_ADDRESS` (`host:port`, shown to admins) for the SFTP drop-box;
    /// `LINKHAVEN_METRICS_ALLOW` and `LINKHAVEN_METRICS_TOKEN_FILE` for who may read the metrics; `LINKHAVEN_TRUSTED_PROXIES`
    /// and `LINKHAVEN_SECURE_COOKIES` behind a reverse proxy.
    public static func fromEnvironment() -> ServerConfiguration {
        let env = ProcessInfo.processInfo.environment
        var c = ServerConfiguration(dataDirectory: env["LINKHAVEN_DATA"] ?? "data", databaseURL: env["DATABASE_URL"])
        c.masterKeyPath = env["LINKHAVEN_MASTER_KEY"]
        c.keyVaultPath = env["LINKHAVEN_KEY_VAULT"].flatMap { $0.isEmpty ? nil : $0 }
        c.webhookURL = env["LINKHAVEN_WEBHOOK_URL"]
        c.smtpRelay = env["LINKHAVEN_SMTP_RELAY"]
        if let from = env["LINKHAVEN_MAIL_FROM"] { c.mailFrom = from }
        if let url = env["LINKHAVEN_PUBLIC_URL"] { c.publicURL = url }
        if let s = env["LINKHAVEN_RETENTION_SWEEP_SECONDS"].flatMap(Double.init) { c.retentionSweepInterval = s }
        if let n = env["LINKHAVEN_IN_PROCESS_WORKERS"].flatMap(Int.init), (0...16).contains(n) { c.inProcessWorkers = n }
        if let s = env["LINKHAVEN_WORKER_HEARTBEAT_SECONDS"].flatMap(Double.init), s > 0 { c.workerHeartbeat = s }
        if let s = env["LINKHAVEN_WORKER_STALE_SECONDS"].flatMap(Double.init), s > 0 { c.workerStaleAfter = s }
        if let d = env["LINKHAVEN_INACTIVITY_LAPSE_DAYS"].flatMap(Double.init), d > 0 { c.inactivityLapse = d * 86_400 }
        if let n = env["LINKHAVEN_SIGN_IN_PER_MINUTE"].flatMap(Double.init), n >= 1 { c.signInPerMinute = n; c.signInBurst = Int(n) }
        if let n = env["LINKHAVEN_PUBLIC_PER_MINUTE"].flatMap(Double.init), n >= 1 { c.publicPerMinute = n }
        if let n = env["LINKHAVEN_TOKENS_PER_MINUTE"].flatMap(Double.init), n >= 1 { c.tokensPerMinute = n }
        if let n = env["LINKHAVEN_UPLOADS_PER_MINUTE"].flatMap(Double.init), n >= 1 { c.uploadsPerMinute = n }
        if let n = env["LINKHAVEN_DB_POOL"].flatMap(Int.init), (1...64).contains(n) { c.requestConnections = n }
        if let h = env["LINKHAVEN_UPLOAD_ABANDON_HOURS"].flatMap(Double.init), h > 0 { c.uploadAbandonAfter = h * 3600 }
        if let t = env["LINKHAVEN_SESSION_CACHE_SECONDS"].flatMap(Double.init), (0...60).contains(t) { c.sessionCacheLifetime = t }
        c.sftpRoot = env["LINKHAVEN_SFTP_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
        c.sftpAddress = env["LINKHAVEN_SFTP_ADDRESS"].flatMap { $0.isEmpty ? nil : $0 }
        if let s = env["LINKHAVEN_SFTP_POLL_SECONDS"].flatMap(Double.init), s > 0 { c.sftpPollInterval = s }
        if let allow = env["LINKHAVEN_METRICS_ALLOW"] { c.metricsAllow = allow }
        if let proxies = env["LINKHAVEN_TRUSTED_PROXIES"] { c.trustedProxies = proxies }
        if let secure = env["LINKHAVEN_SECURE_COOKIES"] { c.secureCookies = CookieSecurity(rawValue: secure.lowercased()) ?? .invalid }
        c.metricsTokenFile = env["LINKHAVEN_METRICS_TOKEN_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        return c
    }
}

/// When cookies are marked `Secure`.
public enum CookieSecurity: String, Sendable {
    case auto, always, never
    /// A value the operator gave that is none of these (the server refuses to start).
    case invalid
}

extension ServerConfiguration {
    /// The key vault's directory.
    public var keyVaultDirectory: String { keyVaultPath ?? dataDirectory + "/key-vault" }
}
