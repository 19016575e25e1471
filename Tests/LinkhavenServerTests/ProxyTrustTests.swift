import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Behind a reverse proxy: `X-Forwarded-For` and `X-Forwarded-Proto` are believed only from the proxies the operator
/// names, so a client talking to the server directly can neither choose the address its sign-in limit counts against
/// nor claim HTTPS; and cookies are `Secure` everywhere but local development.
@Suite("Behind a reverse proxy", .serialized)
struct ProxyTrustTests {
    @Test func forwardingHeadersAreBelievedOnlyFromTrustedProxies() throws {
        let proxies = try AddressRange.list("127.0.0.1, 10.0.0.0/8", setting: "X")
        let forwarded: HTTPHeaders = ["X-Forwarded-For": "198.51.100.7, 10.1.2.3", "X-Forwarded-Proto": "https"]
        let direct = ClientOrigin(peer: "192.0.2.50", headers: forwarded, scheme: nil, proxies: proxies)
        #expect(direct == ClientOrigin(address: "192.0.2.50", https: false, proxied: false), "a client's own headers are ignored")
        let viaTwo = ClientOrigin(peer: "127.0.0.1", headers: forwarded, scheme: nil, proxies: proxies)
        #expect(viaTwo == ClientOrigin(address: "198.51.100.7", https: true, proxied: true), "through two trusted hops")
        let spoofed = ClientOrigin(peer: "127.0.0.1", headers: ["X-Forwarded-For": "203.0.113.1, 198.51.100.7"], scheme: nil, proxies: proxies)
        #expect(spoofed.address == "198.51.100.7" && !spoofed.https, "what the client wrote left of the proxy's entry is not believed")
        let garbage = ClientOrigin(peer: "127.0.0.1", headers: ["X-Forwarded-For": "198.51.100.7, not-an-address"], scheme: nil, proxies: proxies)
        #expect(garbage.address == "127.0.0.1", "a hop that is not an address stops the walk")
        let none = ClientOrigin(peer: "127.0.0.1", headers: [:], scheme: nil, proxies: proxies)
        #expect(none.address == "127.0.0.1" && none.proxied && !none.localDevelopment)
        #expect(ClientOrigin(peer: "127.0.0.1", headers: forwarded, scheme: nil, proxies: []).localDevelopment)
        #expect(!ClientOrigin(peer: "192.0.2.50", headers: [:], scheme: nil, proxies: []).localDevelopment, "plain HTTP from elsewhere is not development")
    }

    @Test func theSignInLimitCountsTheForwardedClientOnlyBehindATrustedProxy() async throws {
        for trusted in [false, true] {
            try await Harness.run(configure: { $0.signInBurst = 3; $0.signInPerMinute = 3; $0.trustedProxies = trusted ? "127.0.0.1" : "" }) { h in
                let statuses = try await LoopbackHTTP.serving(h) { port in
                    var out: [UInt] = []
                    for i in 0..<6 {
                        // A different unknown address each time: the lockout (which counts an unknown address's tries too) stays out of it.
                        let body = #"{"email":"nobody\#(i)@example.test","password":"not the password","code":"000000"}"#
                        out.append(try await LoopbackHTTP.send(port: port, .POST, "api/v1/sessions",
                                                               headers: ["Content-Type": "application/json", "X-Forwarded-For": "198.51.100.\(i)"], body: body).status.code)
                    }
                    return out
                }
                if trusted {
                    #expect(statuses == Array(repeating: 401, count: 6), "six clients behind the proxy, one attempt each: \(statuses)")
                } else {
                    #expect(statuses == [401, 401, 401, 429, 429, 429], "one client naming six addresses is one client: \(statuses)")
                }
            }
        }
    }

    @Test func cookiesAreSecureOutsideLocalDevelopment() async throws {
        func sessionCookie(trusting proxies: String, secure: CookieSecurity = .auto, headers: HTTPHeaders) async throws -> String {
            var cookie = ""
            try await Harness.run(configure: { $0.trustedProxies = proxies; $0.secureCookies = secure }) { h in
                let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
                let code = TOTP.code(secret: TOTP.decodeBase32(op.totpSecret)!, time: Int64(h.clock.now.timeIntervalSince1970))
                let r = try await LoopbackHTTP.serving(h) {
                    try await LoopbackHTTP.signInThroughForm(port: $0, headers: headers, email: op.email, password: op.initialPassword, code: code)
                }
                #expect(r.status == .seeOther, "signed in: \(r.status) \(r.body.prefix(300))")
                cookie = r.headers[.setCookie].first { $0.hasPrefix("lh_session=") } ?? ""
            }
            return cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.sorted().joined(separator: "; ")
        }
        let local = try await sessionCookie(trusting: "", headers: [:])
        #expect(local.contains("httponly") && local.contains("samesite=strict") && !local.contains("secure"), "local development: \(local)")
        let claimed = try await sessionCookie(trusting: "", headers: ["X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"])
        #expect(!claimed.contains("secure"), "a client's own X-Forwarded-Proto is not believed: \(claimed)")
        let proxied = try await sessionCookie(trusting: "127.0.0.1", headers: ["X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"])
        #expect(proxied.contains("secure") && proxied.contains("httponly") && proxied.contains("samesite=strict"), "through the trusted proxy: \(proxied)")
        let always = try await sessionCookie(trusting: "", secure: .always, headers: [:])
        #expect(always.contains("secure"), "LINKHAVEN_SECURE_COOKIES=always: \(always)")
    }

    @Test func badSettingsStopTheServerNamingThem() async throws {
        await #expect(throws: ConfigurationError.self) { try await Harness.run(configure: { $0.trustedProxies = "127.0.0.1, nginx" }) { _ in } }
        await #expect(throws: ConfigurationError.self) { try await Harness.run(configure: { $0.secureCookies = .invalid }) { _ in } }
    }
}
