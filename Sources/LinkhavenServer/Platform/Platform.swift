import Crypto
import Foundation
import LinkhavenCore
import NIOPosix
import Vapor

/// The platform's Ed25519 signing key (audit checkpoints, later destruction certificates), kept in
/// the data directory with mode 0600 and created on first start.
enum PlatformSigningKey {
    static func loadOrCreate(directory: String) throws -> Curve25519.Signing.PrivateKey {
        let path = directory + "/platform-signing.key"
        if FileManager.default.fileExists(atPath: path) {
            return try Curve25519.Signing.PrivateKey(rawRepresentation: SecretKey.read(from: path).key.withUnsafeBytes { Array($0) })
        }
        let key = Curve25519.Signing.PrivateKey()
        try SecretKey(bytes: Array(key.rawRepresentation)).write(to: path)
        return key
    }
}

/// Server-wide state: configuration, signing key, the audit log writer, and ingest's storage.
final class Platform: Sendable {
    let config: ServerConfiguration
    let signingKey: Curve25519.Signing.PrivateKey
    let audit: AuditLog
    let masterKey: MasterKey
    /// Each stored version's data key, outside the database and its backups.
    let keyVault: KeyVault
    let store: any FileStore
    let staging: UploadStaging
    let work = BackgroundWork()
    let uploadLocks = KeyedLocks<UUID>()
    /// Sign-in claims on one account take their turn.
    let signInGate = SignInGate()
    /// Addresses with no account lock as accounts do.
    let unknownAddresses = UnknownAddressAttempts()
    /// The owner's own browsers and clients, which may still try while their account is locked.
    let devices: TrustedDevice
    /// Acceptances into one dataset (project id + name) take their turn: versions are numbered in order.
    let datasetLocks = KeyedLocks<String>()
    let linkageWakeup = LinkageWakeup()
    /// bcrypt on a pool of its own.
    let hasher: PasswordHasher
    /// Sign-in attempts per client address.
    let signInLimiter: RateLimiter
    /// Requests to the public area per client address.
    let publicLimiter: RateLimiter
    /// API tokens created, and uploads announced, per credential.
    let tokenLimiter: RateLimiter, uploadLimiter: RateLimiter
    /// Sessions checked a moment ago (see `SessionCache`).
    let sessions: SessionCache
    /// Upload validation, one file at a time, on threads of lower priority than the requests'.
    let validationPool: NIOThreadPool
    /// What the platform counts for the operator's monitoring, and who may read it.
    let metrics = PlatformMetrics()
    let metricsAccess: MetricsAccess
    /// The reverse proxies whose forwarding headers are believed.
    let trustedProxies: [AddressRange]
    init(config: ServerConfiguration, signingKey: Curve25519.Signing.PrivateKey) throws {
        self.config = config
        self.signingKey = signingKey
        devices = TrustedDevice(signingKey: signingKey)
        audit = AuditLog()
        masterKey = try MasterKey.loadOrCreate(path: MasterKeyRotation.keyFile(config))
        keyVault = try KeyVault(directory: config.keyVaultDirectory)
        store = try LocalFileStore(directory: config.dataDirectory + "/store")
        staging = try UploadStaging(directory: config.dataDirectory + "/staging")
        hasher = try PasswordHasher(cost: config.bcryptCost)
        signInLimiter = RateLimiter(burst: config.signInBurst, perMinute: config.signInPerMinute)
        publicLimiter = RateLimiter(burst: Int(config.publicPerMinute), perMinute: config.publicPerMinute)
        tokenLimiter = RateLimiter(burst: Int(config.tokensPerMinute), perMinute: config.tokensPerMinute)
        uploadLimiter = RateLimiter(burst: Int(config.uploadsPerMinute), perMinute: config.uploadsPerMinute)
        sessions = SessionCache(lifetime: config.sessionCacheLifetime)
        metricsAccess = try MetricsAccess(config)
        trustedProxies = try AddressRange.list(config.trustedProxies, setting: "LINKHAVEN_TRUSTED_PROXIES")
        if config.secureCookies == .invalid { throw ConfigurationError("LINKHAVEN_SECURE_COOKIES: say auto, always or never") }
        validationPool = NIOThreadPool(numberOfThreads: 1)
        validationPool.start()
    }
    var publicKey: String { Base64URL.encode(Array(signingKey.publicKey.rawRepresentation)) }
}

extension Application {
    private struct PlatformKey: StorageKey { typealias Value = Platform }
    var platform: Platform {
        get { storage[PlatformKey.self]! }
        set { storage[PlatformKey.self] = newValue }
    }
}

extension Request {
    var platform: Platform { application.platform }
    var now: Date { application.platform.config.now() }
}
