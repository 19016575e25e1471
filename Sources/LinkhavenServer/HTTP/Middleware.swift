import Vapor

/// Turns every error into a JSON problem `{"error": reason}` with its status. Reasons are written
/// by the code, never copied from request values.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let refusal as AgreementRefusal {
            return try Problem(error: refusal.reason, agreement: refusal.detail).response(refusal.status)
        } catch let abort as any AbortError {
            let r = try await problem(abort.status, abort.reason, request)
            for (name, value) in abort.headers where name.lowercased() != "content-type" { r.headers.replaceOrAdd(name: name, value: value) }   // Retry-After…
            return r
        } catch is DecodingError {
            return try await problem(.badRequest, "the request body is not valid for this endpoint (malformed JSON, wrong types or missing fields)", request)
        } catch where DatabaseOutage.matches(error) {
            request.logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            let reason = "the database is unavailable for a moment; nothing was changed: try again shortly"
            let r = request.url.path.hasPrefix("/api/") ? try await problem(.serviceUnavailable, reason, request)
                : WebContext.html(HTML.page(title: "Back in a moment", body: HTML.errors(["The platform's database is unavailable for a moment. Nothing was changed: "
                                                                                          + "go back and try again in a few seconds."])), status: .serviceUnavailable)
            r.headers.replaceOrAdd(name: .retryAfter, value: String(DatabaseOutage.retryAfter))
            return r
        } catch {
            request.logger.report(error: error)
            return try await problem(.internalServerError, "something went wrong; nothing was changed", request)
        }
    }
    func problem(_ status: HTTPResponseStatus, _ reason: String, _ req: Request) async throws -> Response {
        try Problem(error: reason).response(status)
    }
}

extension Problem {
    /// The refusal as a response: the contract's `Problem` as JSON, with its status.
    func response(_ status: HTTPResponseStatus) throws -> Response {
        Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: try JSONEncoder.api().encode(self)))
    }
}

/// Security headers on every response.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let r = try await next.respond(to: request)
        r.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        r.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        r.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        r.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; frame-ancestors 'none'")
        r.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        if r.headers.first(name: .cacheControl)?.hasPrefix("public") != true {   // only the public area says it may be cached
            r.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        }
        return r
    }
}

/// Refuses bodies over a limit whether they arrive streamed or already collected.
struct BodyLimitMiddleware: AsyncMiddleware {
    let limit: Int
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        if API.uploadContent.path.matches(path) { return try await next.respond(to: request) }   // streamed, bounded by the announced size
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw Abort(.payloadTooLarge, reason: "the request body is larger than \(limit / 1024) KiB")
        }
        if let collected = request.body.data, collected.readableBytes > limit {
            throw Abort(.payloadTooLarge, reason: "the request body is larger than \(limit / 1024) KiB")
        }
        return try await next.respond(to: request)
    }
}
