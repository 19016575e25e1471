import Foundation
import Vapor

/// One log line per request, at `info` (`warning` for a 5xx), as the application's logger writes it (JSON lines in
/// production): `request_id` (also sent back as `X-Request-Id`), `method`, `route` — the route's template, such as
/// `/api/v1/runs/:run`, or `unmatched`, never the path as sent, which could carry anything — `status`,
/// `duration_ms`, and who called: `user` (the signed-in user's id, or the API token owner's) and `token` (an API
/// token's id). Nothing else of the request: no query, no body, no header, no address.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
            write(request, status: response.status.code, since: started)
            return response
        } catch {
            write(request, status: (error as? any AbortError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    private func write(_ request: Request, status: UInt, since started: ContinuousClock.Instant) {
        let logger = request.application.logger
        let level: Logger.Level = status >= 500 ? .warning : .info
        guard logger.logLevel <= level else { return }
        let ms = (ContinuousClock.now - started).seconds * 1000
        var metadata: Logger.Metadata = [
            "request_id": .string(request.id), "method": .string(request.method.rawValue),
            "route": .string(request.route?.template ?? "unmatched"),
            "status": .stringConvertible(status), "duration_ms": .stringConvertible((ms * 10).rounded() / 10),
        ]
        if let caller = request.storage[LoggedCaller.self] {
            metadata["user"] = .string(caller.user.uuidString.lowercased())
            if let token = caller.token { metadata["token"] = .string(token.uuidString.lowercased()) }
        }
        logger.log(level: level, "request", metadata: metadata)
    }
}

/// Who made a request, once the platform knows (a session resolved, an API token checked), for the request's log line.
struct LoggedCaller: StorageKey {
    typealias Value = LoggedCaller
    var user: UUID
    var token: UUID?
}
