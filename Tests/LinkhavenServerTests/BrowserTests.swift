import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The web interface in a real browser: Selenium (PyPI) driving Debian's headless chromium through
/// every role's job (Tests/browser/web_test.py). `.ci/run` installs them and sets LINKHAVEN_BROWSER=1.
/// Screenshots of every page go to `.build/screenshots` (or LINKHAVEN_SCREENSHOTS).
@Suite("Web interface in a real browser", .serialized, .enabled(if: ProcessInfo.processInfo.environment["LINKHAVEN_BROWSER"] == "1"))
struct BrowserTests {
    @Test func everyRoleDoesItsJobInTheBrowser() async throws {
        // As in production, new users must change their initial password (the set-up changes each one's as its user would).
        // The server's address is fixed before it starts: single sign-on's redirect URI is built from it.
        let port = try Self.freePort()
        try await Harness.run(realTime: true, ticking: true, configure: {
            $0.inProcessWorkers = 1; $0.requireInitialPasswordChange = true; $0.publicURL = "http://127.0.0.1:\(port)"
        }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 800, config: false)   // runs designed from the spec, as by default
            let p = f.partnership
            // A breach for the borough to see.
            let header = try CSVReader(path: f.dir + "/housing.pseudo.csv").next()!.fields
            let (bad, m) = try f.variant("housing") { rows in rows[3][header.firstIndex(of: "tenure")!] = "Jo Bloggs, 12 High Street" }
            let breach = try await h.upload(f, token: f.boroughUpload, bytes: bad, manifest: m)
            #expect(breach.status == .breach)
            let datasets = try await h.client.expect([DatasetOut].self, .GET, "api/v1/projects/\(f.project)/datasets", token: f.county[.analyst]!)
            let agreement = try await Agreement.query(on: h.app.db).filter(\.$project.$id == UUID(uuidString: f.project)!).first()!.requireID()
            let voluntary = try await h.client.organisation("Basildon Recovery Trust", ico: "ZA123456", roles: [.orgAdmin, .signatory], operatorToken: f.operatorToken)
            _ = try await h.app.serveOnLoopback(port: port)
            // The county's own identity provider (a real OpenID provider), where its analyst has an account with MFA.
            let sso = try OIDCProviderProcess(in: h.scratch + "/oidc", clients: [.init(id: "linkhaven", secret: "county client secret", redirect: "http://127.0.0.1:\(port)/sso/callback")],
                                              users: [.init(username: "a.analyst", email: p.county.credentials[.analyst]!.email, password: "county directory pass", mfa: true)])
            func user(_ o: DemoOrganisation, _ r: Role) -> [String: String] {
                ["email": o.credentials[r]!.email, "password": o.credentials[r]!.initialPassword, "totp": o.credentials[r]!.totpSecret]
            }
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let shots = ProcessInfo.processInfo.environment["LINKHAVEN_SCREENSHOTS"] ?? root.appendingPathComponent(".build/screenshots").path
            let config: [String: Any] = [
                "base": "http://127.0.0.1:\(port)", "screenshots": shots, "now": NSNull(),   // the clock runs with real time: codes for now
                "project": f.project, "agreement": agreement.uuidString, "county": p.county.id, "borough": p.borough.id, "police": p.police.id, "incident": breach.incident!.uuidString,
                "partnership": p.partnership, "voluntaryICO": "ZA123456",
                "sso": ["issuer": sso.issuer, "clientID": "linkhaven", "secret": "county client secret", "username": "a.analyst", "password": "county directory pass"], "dataDir": f.dir, "datasets": f.manifests.keys.sorted(),
                "housingDataset": datasets.first { $0.name == "housing" }!.id.uuidString,
                "users": ["operator": ["email": p.operatorCredentials.email, "password": p.operatorCredentials.initialPassword, "totp": p.operatorCredentials.totpSecret],
                          "countyAdmin": user(p.county, .orgAdmin), "countySignatory": user(p.county, .signatory), "countyAnalyst": user(p.county, .analyst),
                          "countyReviewer": user(p.county, .reviewer), "countyProvider": user(p.county, .provider),
                          "boroughAdmin": user(p.borough, .orgAdmin), "boroughSignatory": user(p.borough, .signatory),
                          "boroughProvider": user(p.borough, .provider), "boroughAnalyst": user(p.borough, .analyst),
                          "policeSignatory": user(p.police, .signatory), "policeAdmin": user(p.police, .orgAdmin), "universitySignatory": user(p.university, .signatory),
                          "voluntarySignatory": user(voluntary, .signatory)]]
            let path = h.scratch + "/browser.json"
            try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("browser/web_test.py").path
            let (status, out) = try await Self.python([script, path])
            await h.app.server.shutdown()
            sso.stop()
            #expect(status == 0, "\(out)")
            print(out)
        }
    }

    /// A TCP port free on 127.0.0.1 a moment ago.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET); address.sin_port = 0; address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw OIDCProviderProcess.ProviderError(what: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs Python on a thread of its own (the in-process server keeps every worker thread).
    static func python(_ args: [String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { c in
            Thread {
                // LINKHAVEN_PYTHON: a Python with selenium (`.ci/run` makes a virtual environment); else python3 on the PATH.
                let python = ProcessInfo.processInfo.environment["LINKHAVEN_PYTHON"] ?? "python3"
                c.resume(with: Result { try ServerProcess.run(URL(fileURLWithPath: "/usr/bin/env"), [python] + args) })
            }.start()
        }
    }
}
