import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
@testable import LinkhavenServer
import Vapor

/// Requests over TCP to an in-process server listening on 127.0.0.1, as a client on this machine would send them
/// (the server then sees a peer address, which in-process requests have not).
enum LoopbackHTTP {
    /// Starts `h`'s server on a free port for `body`, and stops it after.
    static func serving<T>(_ h: Harness, _ body: (Int) async throws -> T) async throws -> T {
        let port = try await h.app.serveOnLoopback()
        do {
            let out = try await body(port)
            await h.app.server.shutdown()
            return out
        } catch {
            await h.app.server.shutdown()
            throw error
        }
    }

    /// One request; its status, headers and body (up to 64 MiB).
    static func send(port: Int, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil) async throws
        -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: String) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow   // a redirect is an answer to look at
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/\(path.hasPrefix("/") ? String(path.dropFirst()) : path)")
            request.method = method
            request.headers = headers
            if let body { request.body = .bytes(ByteBuffer(string: body)) }
            let response = try await client.execute(request, timeout: .seconds(60))
            let collected = try await response.body.collect(upTo: 64 << 20)
            try await client.shutdown()
            return (response.status, response.headers, String(buffer: collected))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Signs in through the web form as a browser would: shows the form (with `headers`), then posts it with its
    /// nonce cookie and token. The post's status, headers and body.
    static func signInThroughForm(port: Int, headers: HTTPHeaders, email: String, password: String, code: String) async throws
        -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: String) {
        let page = try await send(port: port, .GET, "sign-in", headers: headers)
        let set = page.headers[.setCookie].first { $0.hasPrefix("lh_signin=") } ?? ""
        let nonce = String(set.split(separator: ";").first?.dropFirst("lh_signin=".count) ?? "")
        let token = page.body.firstMatch(of: /name="csrf" value="([^"]+)"/).map { String($0.1) } ?? ""
        func encoded(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        var all = headers
        all.add(name: .contentType, value: "application/x-www-form-urlencoded")
        all.add(name: .cookie, value: "lh_signin=\(nonce)")
        return try await send(port: port, .POST, "sign-in", headers: all,
                              body: "email=\(encoded(email))&password=\(encoded(password))&code=\(code)&csrf=\(encoded(token))")
    }
}
