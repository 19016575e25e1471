import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import Vapor
import VaporTesting

/// A test clock the server reads and tests move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date
    init(start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { time = start }
    var now: Date { lock.withLock { time } }
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

    /// `realTime`: the clock starts now (for tests that also run the server binary, which reads the real clock).
    static func run(realTime: Bool = false, _ body: (Harness) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhserver-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = realTime ? TestClock(start: Date()) : TestClock()
        var config = ServerConfiguration(dataDirectory: dir, databaseURL: ProcessInfo.processInfo.environment["LINKHAVEN_TEST_DATABASE_URL"])
        config.bcryptCost = 4
        config.now = { clock.now }
        config.retentionSweepInterval = 0
        let shared = config.databaseURL != nil
        if shared { await SharedDatabaseGate.shared.enter() }
        do {
            try await runApp(config: config, clock: clock, body)
        } catch {
            if shared { await SharedDatabaseGate.shared.leave() }
            throw error
        }
        if shared { await SharedDatabaseGate.shared.leave() }
    }

    private static func runApp(config: ServerConfiguration, clock: TestClock, _ body: (Harness) async throws -> Void) async throws {
        try await withApp(configure: { app in
            app.logger.logLevel = .warning
            try await configure(app, config)
            if config.databaseURL != nil {   // a shared PostgreSQL: start every test from empty tables
                try await app.autoRevert()
                try await app.autoMigrate()
            }
        }) { app in
            try await body(Harness(app: app, clock: clock))
        }
    }

    struct Reply {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: Data
        func json<T: Decodable>(_ t: T.Type) throws -> T {
            let d = JSONDecoder()
            d.dateDecodingStrategy = .iso8601
            return try d.decode(T.self, from: body)
        }
        var error: String { (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["error"] as? String ?? "" }
    }

    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil, raw: String? = nil) async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer? = nil
        if let json { body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)) }
        if let raw { body = ByteBuffer(string: raw) }
        if body != nil { headers.contentType = .json }
        var reply = Reply(status: .ok, headers: [:], body: Data())
        try await app.testing().test(method, path, headers: headers, body: body) { res in
            reply = Reply(status: res.status, headers: res.headers, body: Data(buffer: res.body))
        }
        return reply
    }

    /// Registers an organisation (as the operator) with one signed-in user per role; returns its id
    /// and the users' session tokens. E-mails are `<role>@<ico in lower case>.test`.
    func organisation(_ name: String, ico: String, roles: [Role], operatorToken: String) async throws -> (id: String, tokens: [Role: String]) {
        let created = try await call(.POST, "api/v1/organisations", token: operatorToken, json: ["name": name, "address": "Essex", "icoReference": ico])
        guard let id = (try JSONSerialization.jsonObject(with: created.body) as? [String: Any])?["id"] as? String else {
            throw Abort(.badRequest, reason: "could not create \(name): \(created.error)")
        }
        var tokens: [Role: String] = [:]
        for role in roles {
            let u = try await call(.POST, "api/v1/organisations/\(id)/users", token: operatorToken,
                                   json: ["email": "\(role.rawValue)@\(ico.lowercased()).test", "name": role.rawValue, "role": role.rawValue,
                                          "trainingDate": "2026-09-01T00:00:00Z"])
            tokens[role] = try await token(try u.json(Accounts.Credentials.self))
        }
        return (id, tokens)
    }

    /// Signs a user in again with a known password, their password and training renewed (sessions idle
    /// out, and passwords and training lapse, while a test moves the clock by days).
    func relogin(_ email: String) async throws -> String {
        let u = try await User.query(on: app.db).filter(\.$email == email).first()!
        u.passwordHash = try Bcrypt.hash("a known test password", cost: 4)
        u.passwordChangedAt = clock.now
        u.trainingDate = clock.now
        try await u.save(on: app.db)
        return try await token(Accounts.Credentials(id: try u.requireID(), email: email, initialPassword: "a known test password",
                                                     totpSecret: u.totpSecret, totpURI: "", recoveryCodes: []))
    }

    /// Signs in with the TOTP code for the current clock.
    func signIn(_ c: Accounts.Credentials, password: String? = nil) async throws -> Reply {
        let code = TOTP.code(secret: TOTP.decodeBase32(c.totpSecret)!, time: Int64(clock.now.timeIntervalSince1970))
        return try await call(.POST, "api/v1/sessions", json: ["email": c.email, "password": password ?? c.initialPassword, "code": code])
    }

    func token(_ c: Accounts.Credentials) async throws -> String {
        let reply = try await signIn(c)
        guard let token = (try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])?["token"] as? String else {
            throw Abort(.unauthorized, reason: "sign-in failed in the test: \(reply.status) \(reply.error)")
        }
        return token
    }
}
