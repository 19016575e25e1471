@_exported import LinkhavenAPI
import Vapor

extension RoutesBuilder {
    /// Registers the handler of a contract endpoint that takes no body, on this builder grouped at
    /// `/api/v1`: the method and path come from the contract, the reply is encoded as JSON (as every
    /// `Content` is) with the endpoint's success status.
    @discardableResult
    func on<Reply>(_ e: Endpoint<NoBody, Reply>, _ handler: @escaping @Sendable (Request) async throws -> Reply) -> Route {
        let route = on(e.method.vapor, e.routePath) { req async throws -> Response in
            try e.response(try await handler(req), for: req)
        }
        return route.serving(e, TypedHandler { req, _ in try await handler(req) })
    }

    /// Registers the handler of a contract endpoint with a JSON body, decoded strictly (unknown keys refused);
    /// a body that may be left out (`OmittableBody`) is its `init()` when none is sent; a `TextContent`
    /// body is the text as sent (empty when none is), for the handler to check.
    @discardableResult
    func on<Body, Reply>(_ e: Endpoint<Body, Reply>, _ handler: @escaping @Sendable (Request, Body) async throws -> Reply) -> Route {
        let route = on(e.method.vapor, e.routePath) { req async throws -> Response in
            if let text = Body.self as? any TextContent.Type {
                return try e.response(try await handler(req, text.init(text: req.body.string ?? "") as! Body), for: req)
            }
            let omitted = req.body.data == nil ? (Body.self as? any OmittableBody.Type)?.init() as? Body : nil
            return try e.response(try await handler(req, try omitted ?? req.strictBody(Body.self)), for: req)
        }
        return route.serving(e, TypedHandler(run: handler))
    }
}

extension RoutesBuilder {
    /// Registers the handler of a contract endpoint whose body is raw bytes, which it reads as a stream.
    @discardableResult
    func on<Reply>(_ e: Endpoint<Bytes, Reply>, _ handler: @escaping @Sendable (Request) async throws -> Reply) -> Route {
        on(e.method.vapor, e.routePath, body: .stream) { req async throws -> Response in
            try e.response(try await handler(req), for: req)
        }
    }
}

extension RoutesBuilder {
    /// Registers the handler of a contract endpoint whose reply is streamed (a tar archive): the handler
    /// writes the response itself, with the media type the contract names.
    @discardableResult
    func onStreamed(_ e: Endpoint<NoBody, TarArchive>, _ handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        on(e.method.vapor, e.routePath) { req async throws -> Response in
            let response = try await handler(req)
            precondition(response.headers.contentType?.serialize() == Endpoint<NoBody, TarArchive>.media(TarArchive.self), "\(e.key) streams another media type")
            return response
        }
    }
}

extension Route {
    /// Keeps the endpoint's typed handler with the route, for calls in process (`TypedHandlers`).
    fileprivate func serving<Body, Reply>(_ e: Endpoint<Body, Reply>, _ handler: TypedHandler<Body, Reply>) -> Route {
        userInfo[TypedHandlers.operationKey] = e.key
        userInfo[TypedHandlers.handlerKey] = handler
        return self
    }
}

extension Endpoint {
    /// The path below `/api/v1`, where the API's routes are grouped, as Vapor's components; an endpoint outside it
    /// (the health checks at `/health/…`, for load balancers) is registered on the application itself, at its whole path.
    var routePath: [PathComponent] {
        path.segmentsBelowAPI.map { s in
            switch s {
            case .constant(let c): .constant(c)
            case .parameter(let name): .parameter(name)
            }
        }
    }

    /// The reply as the contract says: JSON with the success status (or another the endpoint documents,
    /// if the handler chose one with `req.replyStatus`), or the status alone for `NoBody`.
    func response(_ reply: Reply, for req: Request) throws -> Response {
        let chosen = req.replyStatus.map { Int($0.code) }
        precondition(chosen == nil || also.contains(chosen!), "\(key) does not document status \(chosen!)")
        let status = HTTPResponseStatus(statusCode: chosen ?? success)
        if reply is NoBody { return Response(status: status) }
        if let text = reply as? any TextContent {
            // The contract's media type with its parameters as written (`text/plain; version=0.0.4`), text in UTF-8.
            let media = type(of: text).mediaType
            return Response(status: status, headers: ["Content-Type": media.hasPrefix("text/") ? media + "; charset=utf-8" : media],
                            body: .init(string: text.text))
        }
        var headers = HTTPHeaders(), body = ByteBuffer()
        try ContentConfiguration.global.requireEncoder(for: .json).encode(reply, to: &body, headers: &headers)
        return Response(status: status, headers: headers, body: .init(buffer: body))
    }
}

extension HTTPMethodName {
    /// The method as Vapor spells it.
    package var vapor: HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .put: .PUT
        case .patch: .PATCH
        case .delete: .DELETE
        }
    }
}

extension Request {
    private struct ReplyStatusKey: StorageKey { typealias Value = HTTPResponseStatus }
    /// A success status other than the endpoint's usual one, from those it documents (`Endpoint.also`).
    var replyStatus: HTTPResponseStatus? {
        get { storage[ReplyStatusKey.self] }
        set { storage[ReplyStatusKey.self] = newValue }
    }
}
