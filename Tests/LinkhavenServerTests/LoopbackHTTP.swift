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
}
