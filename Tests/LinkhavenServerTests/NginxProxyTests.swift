import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// TLS through a real proxy: Debian's nginx runs the shipped `deploy/nginx/linkhaven.conf` on 127.0.0.1 with a
/// self-signed certificate in front of the server, trusted as the operator's environment file says (it connects from
/// 127.0.0.2). Chromium signs in through it and finds the session cookie Secure, HttpOnly and SameSite=Strict, HSTS on
/// what it passes on, plain HTTP redirected and the metrics never served; a client that talks to the server directly,
/// claiming HTTPS and another address, is believed in neither. `.ci/run` installs nginx and sets LINKHAVEN_NGINX_TESTS=1.
@Suite("Behind Debian's nginx", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["LINKHAVEN_NGINX_TESTS"] == "1" && ProcessInfo.processInfo.environment["LINKHAVEN_BROWSER"] == "1"))
struct NginxProxyTests {
    @Test func signInThroughNginxInTheBrowser() async throws {
        #expect(NginxProcess.available, "Debian's nginx and openssl")
        let (https, plain) = (try BrowserTests.freePort(), try BrowserTests.freePort())
        try await Harness.run(realTime: true, ticking: true, configure: {
            $0.trustedProxies = "127.0.0.2"; $0.publicURL = "https://127.0.0.1:\(https)"; $0.signInBurst = 4; $0.signInPerMinute = 4
        }) { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let direct = try await Accounts.createOperator(app: h.app, email: "direct@linkhaven.test", name: "Direct")
            let port = try await h.app.serveOnLoopback()
            let nginx = try NginxProcess(in: h.scratch + "/nginx", upstream: port, https: https, http: plain)
            defer { nginx.stop() }
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let config: [String: Any] = [
                "base": "https://127.0.0.1:\(https)", "httpPort": plain, "certificate": nginx.certificate, "now": NSNull(),
                "screenshots": ProcessInfo.processInfo.environment["LINKHAVEN_SCREENSHOTS"] ?? root.appendingPathComponent(".build/screenshots").path,
                "users": ["operator": ["email": op.email, "password": op.initialPassword, "totp": op.totpSecret]],
            ]
            let path = h.scratch + "/proxy.json"
            try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
            let (status, out) = try await BrowserTests.python([root.appendingPathComponent("Tests/browser/proxy_test.py").path, path])
            #expect(status == 0, "\(out)")
            print(out)

            // Directly to the server, from 127.0.0.1, not the proxy: its own X-Forwarded-Proto and -For are not believed.
            let code = TOTP.code(secret: TOTP.decodeBase32(direct.totpSecret)!, time: Int64(Date().timeIntervalSince1970))
            let claimed: HTTPHeaders = ["X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"]
            let signedIn = try await LoopbackHTTP.signInThroughForm(port: port, headers: claimed, email: direct.email, password: direct.initialPassword, code: code)
            let cookie = signedIn.headers[.setCookie].first { $0.hasPrefix("lh_session=") }?.lowercased() ?? ""
            #expect(signedIn.status == .seeOther && cookie.contains("httponly") && !cookie.contains("secure"), "\(signedIn.status): \(cookie)")
            var limited: [UInt] = []
            for i in 0..<5 {
                let body = #"{"email":"nobody@example.test","password":"not the password","code":"000000"}"#
                limited.append(try await LoopbackHTTP.send(port: port, .POST, "api/v1/sessions",
                                                           headers: ["Content-Type": "application/json", "X-Forwarded-For": "198.51.100.\(i)"], body: body).status.code)
            }
            #expect(limited.last == 429, "a direct client naming other addresses is still one client: \(limited)")
            await h.app.server.shutdown()
        }
    }
}
