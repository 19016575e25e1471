import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// Assembles the application from a configuration: database, migrations, signing key, middleware
/// and routes. `main` and the tests both call it.
public func configure(_ app: Application, _ config: ServerConfiguration) async throws {
    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
    try await app.useDatabases(config)
    app.migrations.add(Migrations.all)
    try await app.autoMigrate()
    if config.databaseURL == nil {   // password hashes and TOTP secrets: owner only (the -wal and -shm files take its mode)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config.dataDirectory + "/linkhaven.sqlite")
    }
    try await app.tuneSQLite()
    app.platform = try Platform(config: config, signingKey: try PlatformSigningKey.loadOrCreate(directory: config.dataDirectory))
    app.oidcCache = OIDCCache()
    app.platform.audit.write(through: { [weak app] in app?.auditDB })
    app.databases.middleware.use(SessionCacheInvalidation(cache: app.platform.sessions))
    app.databases.middleware.use(SessionCacheInvalidation(cache: app.platform.sessions), on: .background)
    if config.recoverAtBoot {
        if config.verifyMasterKey { try await MasterKeyRotation.checkOpens(app) }
        try await Accounts.protectTOTPSecrets(app)
        try await IngestService(app: app).recover()
        try await app.platform.audit.recoverOutbox(on: app.db)   // events whose change committed just before a stop
    }
    app.lifecycle.use(IngestLifecycle())
    app.lifecycle.use(SFTPWatcherLifecycle())
    app.lifecycle.use(MailSender())
    app.lifecycle.use(LinkageLifecycle())
    app.middleware = Middlewares()
    app.http.server.configuration.reportMetrics = false   // counted by RequestMetricsMiddleware instead
    app.middleware.use(RequestMetricsMiddleware())
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())   // outside ProblemMiddleware: refusals (401, 403, 404…) carry the headers too
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(PublicAreaRateLimit(limiter: app.platform.publicLimiter))
    app.middleware.use(BodyLimitMiddleware(limit: 1 << 20))
    app.routes.defaultMaxBodySize = "1mb"
    try routes(app)
    app.inProcessResponder = app.responder.current
    app.typedHandlers = TypedHandlers(app.routes)
}

extension Application {
    private struct InProcessResponderKey: StorageKey { typealias Value = any Vapor.Responder }
    /// The application's routes and middleware, built once when `configure` finishes, for the API calls
    /// a web page makes in process (`app.responder.current` builds a new router on every call).
    var inProcessResponder: any Vapor.Responder {
        get { storage[InProcessResponderKey.self]! }
        set { storage[InProcessResponderKey.self] = newValue }
    }
}
