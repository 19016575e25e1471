import AsyncKit
import Foundation
@testable import LinkhavenServer
import NIOCore
import Testing
import Vapor

/// How a request that meets the database out of reach is answered (the live outage is `DatabaseOutageTests`):
/// 503 with Retry-After and the problem in words on the API, a page saying so on the web; any other
/// error stays a 500, and a lost race on SQLite is not mistaken for a fault of the code.
@Suite("Answers while the database is out of reach (in-process)")
struct DatabaseOutageAnswerTests {
    struct Throwing: AsyncResponder {
        let error: any Error
        func respond(to request: Request) async throws -> Response { throw error }
    }
    struct CodeFault: Error {}

    @Test func anOutageIsA503WithRetryAfterOnTheAPIAndAPageOnTheWeb() async throws {
        try await Harness.run { h in
            func answer(_ path: String, _ error: any Error) async throws -> Response {
                let req = Request(application: h.app, method: .GET, url: URI(path: path), on: h.app.eventLoopGroup.next())
                return try await ProblemMiddleware().respond(to: req, chainingTo: Throwing(error: error))
            }
            for error in [ChannelError.ioOnClosedChannel, ConnectionPoolTimeoutError.connectionRequestTimeout, IOError(errnoCode: ECONNREFUSED, reason: "connect")] as [any Error] {
                let api = try await answer("/api/v1/projects", error)
                #expect(api.status == .serviceUnavailable && api.headers.first(name: .retryAfter) == "5", "\(error)")
                #expect((api.body.string ?? "").contains("the database is unavailable for a moment; nothing was changed"))
                let page = try await answer("/app/projects", error)
                #expect(page.status == .serviceUnavailable && page.headers.contentType == .html && (page.body.string ?? "").contains("Back in a moment"))
            }
            let fault = try await answer("/api/v1/projects", CodeFault())
            #expect(fault.status == .internalServerError && fault.headers.first(name: .retryAfter) == nil)
            #expect(!DatabaseOutage.matches(IOError(errnoCode: ENOENT, reason: "open")), "a missing file is no outage")
        }
    }
}
