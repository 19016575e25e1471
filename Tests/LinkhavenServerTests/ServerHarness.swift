import Fluent
import Foundation
import Testing
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Vapor
import VaporTesting

/// A test clock the server reads and tests move: still unless `ticking`, when it also runs with real time
/// (for tests that meet another real clock, such as an OpenID provider's, over minutes).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date
    private let ticking: Date?
    init(start: Date = Date(timeIntervalSince1970: 1_790_000_000), ticking: Bool = false) { time = start; self.ticking = ticking ? Date() : nil }
    var now: Date { lock.withLock { ticking.map { time.addingTimeInterval(Date().timeIntervalSince($0)) } ?? time } }
    func advance(_ seconds: TimeInterval) { lock.withLock { time += seconds } }
}

/// Lets one test at a time use the shared PostgreSQL: Swift Testing runs suites in parallel, and
/// each test resets the schema.
actor SharedDatabaseGate {
    static let shared = SharedDatabaseGate()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    func enter() async {
        if busy { await withCheckedContinuation { waiting.append($0) } } else { busy = true }
    }
    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

/// An in-process server on a fresh SQLite file (or the PostgreSQL at LINKHAVEN_TEST_DATABASE_URL).
struct Harness {
    let app: Application
    let clock: TestClock
    /// A directory of the test's own beside the server's data directory (provider files, logs), removed with it.
    var scratch: String { (app.platform.config.dataDirectory as NSString).deletingLastPathComponent + "/scratch" }

    /// `realTime`: the clock starts now (for tests that also run the server binary, which reads the real clock);
    /// `ticking`: and runs on with it.
    /// `seed` is given the data directory before the server starts on it (to start from a database made elsewhere); on a
    /// shared PostgreSQL it runs with the database to itself.
    /// `keepDatabase`: a shared PostgreSQL is not emptied first (a test that restored a backup into it starts on that).
    static func run(realTime: Bool = false, ticking: Bool = false, keepDatabase: Bool = false, configure tweak: (inout ServerConfiguration) -> Void = { _ in },
                    seed: ((String) throws -> Void)? = nil, _ body: (Harness) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhserver-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = realTime || ticking ? TestClock(start: Date(), ticking: ticking) : TestClock()
        var config = ServerConfiguration(dataDirectory: dir + "/data", databaseURL: ProcessInfo.processInfo.environment["LINKHAVEN_TEST_DATABASE_URL"])
        config.bcryptCost = 4
        config.now = { clock.now }
        config.retentionSweepInterval = 0
        config.signInBurst = 100_000   // tests sign in often; SignInLoadTests tests the limit
        config.inProcessWorkers = 0   // tests that run linkage turn a worker on
        config.requireInitialPasswordChange = false   // tests sign in with the initial passwords; the browser test turns it on
        config.verifyMasterKey = config.databaseURL == nil   // a shared database still holds the previous test's keys until reset
        tweak(&config)
        let shared = config.databaseURL != nil
        // A shared database still holds the previous test's rows at boot (emptied just after): recovering them would act
        // on another test's data with this test's key vault (a restored one, kept, is this test's own).
        if shared && !keepDatabase { config.recoverAtBoot = false }
        if shared { await SharedDatabaseGate.shared.enter() }   // before `seed`, which may write the shared database
        do {
            try seed?(dir + "/data")
            try await runApp(config: config, clock: clock, keepDatabase: keepDatabase, body)
        } catch {
            if shared { await SharedDatabaseGate.shared.leave() }
            throw error
        }
        if shared { await SharedDatabaseGate.shared.leave() }
    }

    private static func runApp(config: ServerConfiguration, clock: TestClock, keepDatabase: Bool, _ body: (Harness) async throws -> Void) async throws {
        SuiteLog.bootstrapped
        try await withApp(configure: { app in
            app.logger.logLevel = .warning   // not the migrations' progress
            try await configure(app, config)
            if config.databaseURL != nil && !keepDatabase {   // a shared PostgreSQL: start every test from empty tables
                try await app.autoRevert()
                try await app.autoMigrate()
            }
        }) { app in
            app.logger.logLevel = .info   // a line per request, and everything else the server says, for LogScanTests
            try await body(Harness(app: app, clock: clock))
        }
    }

    typealias Reply = APIReply

    /// The API, in process, with TOTP codes from the test clock.
    var client: APIClient {
        let app = app
        return APIClient(now: { [clock] in clock.now }) { method, path, headers, body in
            var reply = APIReply(status: .ok, headers: [:], body: Data())
            try await app.testing().test(method, path, headers: headers, body: body) { res in
                reply = APIReply(status: res.status, headers: res.headers, body: Data(buffer: res.body))
            }
            return reply
        }
    }

    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil, raw: String? = nil) async throws -> Reply {
        if let json { return try await client.call(method, path, token: token, json: json) }
        return try await client.call(method, path, token: token, raw: raw)
    }

    /// The dashboard (`/app`) of the user signed in with `token`, as HTML (it fails the test unless it is served).
    func dashboard(_ token: String) async throws -> String { try await page("app", token) }

    /// Posts a form as a browser would (session, sign-in nonce and trusted-device cookies as given).
    func post(_ path: String, form: [String: String], cookie: String? = nil, signInNonce: String? = nil,
              device: String? = nil) async throws -> (HTTPStatus, HTTPHeaders, String) {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        if let cookie { headers.add(name: .cookie, value: "lh_session=\(cookie)") }
        if let signInNonce { headers.add(name: .cookie, value: "\(SignInForm.cookie)=\(signInNonce)") }
        if let device { headers.add(name: .cookie, value: "\(TrustedDevice.cookie)=\(device)") }
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        var out: (HTTPStatus, HTTPHeaders, String) = (.ok, [:], "")
        try await app.testing().test(.POST, path, headers: headers, body: ByteBuffer(string: body)) { res in out = (res.status, res.headers, String(buffer: res.body)) }
        return out
    }

    /// A web page as the user with this session sees it (expected to answer 200).
    func page(_ path: String, _ token: String) async throws -> String {
        let reply = try await client.call(.GET, path, headers: [("Cookie", "lh_session=\(token)")])
        #expect(reply.status == .ok, "\(path): \(reply.status)")
        return String(decoding: reply.body, as: UTF8.self)
    }

    /// Registers an organisation (as the operator) with one signed-in user per role; returns its id
    /// and the users' session tokens. E-mails are `<role>@<ico in lower case>.test`.
    func organisation(_ name: String, ico: String, roles: [Role], operatorToken: String) async throws -> (id: String, tokens: [Role: String]) {
        let o = try await client.organisation(name, ico: ico, roles: roles, operatorToken: operatorToken)
        return (o.id, o.tokens)
    }

    /// Signs a user in again with a known password, their password, training and access renewed (sessions
    /// idle out, and passwords, training and access lapse, while a test moves the clock by days).
    func relogin(_ email: String) async throws -> String { try await token(try await renew(email)) }

    /// A user's credentials with a known password, their password and training renewed, without signing in;
    /// with `restoreAccess`, access that lapsed for want of signing in is restored too, as an admin would.
    func renew(_ email: String, restoreAccess: Bool = true) async throws -> Accounts.Credentials {
        let u = try await User.query(on: app.db).filter(\.$email == email).first()!
        u.passwordHash = try Bcrypt.hash("a known test password", cost: 4)
        u.passwordChangedAt = clock.now
        u.trainingDate = clock.now
        if restoreAccess { u.accessRestoredAt = clock.now }
        try await u.save(on: app.db)
        let secret = Accounts.totpSecret(of: u, key: app.platform.masterKey).map(TOTP.base32) ?? ""   // none after a two-factor reset
        return Accounts.Credentials(id: try u.requireID(), email: email, initialPassword: "a known test password", totpSecret: secret,
                                    totpURI: "", recoveryCodes: [])
    }

    /// Signs in with the TOTP code for the current clock.
    func signIn(_ c: Accounts.Credentials, password: String? = nil) async throws -> Reply { try await client.signIn(c, password: password) }

    func token(_ c: Accounts.Credentials) async throws -> String { try await client.token(c) }
}
