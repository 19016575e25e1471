@_exported import LinkhavenAPI
import Vapor

extension RoutesBuilder {
    /// Registers the handler of a contract endpoint that takes no body, on this builder grouped at
    /// `/api/v1`: the method and path come from the contract, the reply is encoded as JSON (as every
    /// `Content` is) with the endpoint's success status.
    @discardableResult
    func on<Reply>(_ e: Endpoint<NoBody, Reply>, _ handler: @escaping @Sendable (Request) async throws -> Reply) -> Route {
        on(e.method.vapor, e.routePath) { req async throws -> Response in
            try e.response(try await handler(req))
        }
    }

    /// Registers the handler of a contract endpoint with a JSON body, decoded strictly (unknown keys refused).
    @discardableResult
    func on<Body, Reply>(_ e: Endpoint<Body, Reply>, _ handler: @escaping @Sendable (Request, Body) async throws -> Reply) -> Route {
        on(e.method.vapor, e.routePath) { req async throws -> Response in
            try e.response(try await handler(req, try req.strictBody(Body.self)))
        }
    }
}

extension Endpoint {
    /// The path below `/api/v1`, where the API's routes are grouped, as Vapor's components.
    var routePath: [PathComponent] {
        let segments = path.segments
        guard segments.count >= 2, segments[0] == .constant("api"), segments[1] == .constant("v1") else {
            preconditionFailure("\(path) is not under /api/v1")
        }
        return segments.dropFirst(2).map { s in
            switch s {
            case .constant(let c): .constant(c)
            case .parameter(let name): .parameter(name)
            }
        }
    }

    /// The reply as the contract says: JSON with the success status, or the status alone for `NoBody`.
    func response(_ reply: Reply) throws -> Response {
        let status = HTTPResponseStatus(statusCode: success)
        if reply is NoBody { return Response(status: status) }
        var headers = HTTPHeaders(), body = ByteBuffer()
        try ContentConfiguration.global.requireEncoder(for: .json).encode(reply, to: &body, headers: &headers)
        return Response(status: status, headers: headers, body: .init(buffer: body))
    }
}

extension HTTPMethodName {
    var vapor: HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .put: .PUT
        case .patch: .PATCH
        case .delete: .DELETE
        }
    }
}
