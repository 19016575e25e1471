import Crypto
import Foundation
import LinkhavenCore
import Vapor

/// A signed-in browser: its session token (from an HttpOnly, SameSite=Strict cookie), the CSRF
/// token its forms carry, and the API, called in process with that session so that every page
/// goes through the same checks, refusals and audit as the API itself.
package struct WebContext {
    /// The session cookie's name.
    package static let cookie = "lh_session"
    let req: Request
    let token: String
    let me: MeOut

    /// The CSRF token of this session: an HMAC of the session token, checked on every POST.
    var csrf: String { Self.csrf(for: token) }
    static func csrf(for token: String) -> String {
        Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Array("csrf".utf8), using: SymmetricKey(data: Array(token.utf8)))))
    }

    /// The signed-in browser, or `nil` (the page then sends it to sign in). POSTs must carry the CSRF token.
    static func load(_ req: Request) async throws -> WebContext? {
        guard let token = req.cookies[cookie]?.string, !token.isEmpty, token.utf8.count <= 100 else { return nil }
        let me: MeOut
        do { me = try await req.me(sessionToken: token) } catch let e as any AbortError where e.status == .unauthorized { return nil }
        if req.method == .POST {
            let sent = (try? req.content.get(String.self, at: "csrf")) ?? ""
            guard ConstantTime.equal(Array(sent.utf8), Array(csrf(for: token).utf8)) else {
                throw Abort(.forbidden, reason: "the form has expired; go back, reload the page and try again")
            }
            // As the API refuses them in JSON: no field of any form needs a NUL character.
            if let body = req.body.data, formHoldsNUL(body) {
                throw Abort(.badRequest, reason: "the form holds a NUL character; text may not contain one")
            }
        }
        return WebContext(req: req, token: token, me: me)
    }

    /// This browser's user as the API sees them (its session already checked by `load`), for the
    /// typed queries a page calls in process.
    func caller() async throws -> Caller { try await req.caller(sessionToken: token) }

    /// The API's own response to a streamed download (an audit pack), to pass on to the browser as it is.
    func passThrough(_ e: Endpoint<NoBody, TarArchive>, _ parameters: String...) async throws -> Response {
        try await Self.respond(req, token: token, e.method.vapor, target: e.target(parameters), body: nil)
    }

    /// Sends a contract call through the application's own responder, its middleware included (the
    /// sign-in's rate limit, which a call straight to the handler would pass by), as `token`'s user.
    static func send<Body: Encodable, Reply>(_ req: Request, token: String?, _ e: Endpoint<Body, Reply>, _ parameters: String..., body: Body,
                                             headers extra: [(String, String)] = []) async throws -> APIReply {
        let data = body is NoBody ? nil : ByteBuffer(data: try JSONEncoder.api().encode(body))
        let res = try await respond(req, token: token, e.method.vapor, target: e.target(parameters), body: data, headers: extra)
        return APIReply(status: res.status, headers: res.headers, body: Data(buffer: res.body.buffer ?? ByteBuffer()))
    }

    private static func respond(_ req: Request, token: String?, _ method: HTTPMethod, target: String, body: ByteBuffer?,
                                headers extra: [(String, String)] = []) async throws -> Response {
        let sub = subRequest(req, token: token, method, target, body: body)
        for (name, value) in extra { sub.headers.replaceOrAdd(name: name, value: value) }
        let response = try await req.application.inProcessResponder.respond(to: sub).get()
        if method == .GET, req.storage[ResolvedSession.self] == nil { req.storage[ResolvedSession.self] = sub.storage[ResolvedSession.self] }
        return response
    }

    /// A request to the API on behalf of the page's request, as `token`'s user. The page's calls are one
    /// user's one request: its session is checked once, by the first of them, and its reads are
    /// remembered until it changes something.
    private static func subRequest(_ req: Request, token: String?, _ method: HTTPMethod, _ path: String, body: ByteBuffer?) -> Request {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        if body != nil { headers.contentType = .json }
        let sub = Request(application: req.application, method: method, url: URI(string: path), headers: headers,
                          collectedBody: body, remoteAddress: req.remoteAddress, logger: req.logger, on: req.eventLoop)
        sub.origin = req.origin   // the page's client, as its proxy said, for the API's rate limits
        if method == .GET {
            sub.storage[ResolvedSession.self] = req.storage[ResolvedSession.self]
            if req.storage[PageMemo.self] == nil { req.storage[PageMemo.self] = PageMemo() }
            sub.storage[PageMemo.self] = req.storage[PageMemo.self]
        } else {
            req.storage[PageMemo.self] = nil   // a change: the page's later reads look again
        }
        return sub
    }

    /// Calls a contract endpoint's handler in process as this user: the path's parameters in the order it
    /// names them, typed values in and out. A refusal throws as the API's would (the page shows it).
    func call<Body, Reply>(_ e: Endpoint<Body, Reply>, _ parameters: String..., body: Body, query: [(String, String)] = []) async throws -> Reply {
        try await invoke(e, parameters, body: body, query: query)
    }

    /// Calls a contract endpoint that takes no body in process as this user.
    func call<Reply>(_ e: Endpoint<NoBody, Reply>, _ parameters: String..., query: [(String, String)] = []) async throws -> Reply {
        try await invoke(e, parameters, body: NoBody(), query: query)
    }

    func invoke<Body, Reply>(_ e: Endpoint<Body, Reply>, _ parameters: [String], body: Body, query: [(String, String)]) async throws -> Reply {
        let sub = Self.subRequest(req, token: token, e.method.vapor, e.target(parameters, query: query), body: nil)
        for (name, value) in zip(e.path.parameters, parameters) { sub.parameters.set(name, to: value) }
        let reply = try await req.application.typedHandlers.handler(e).run(sub, body)
        if e.method == .get, req.storage[ResolvedSession.self] == nil { req.storage[ResolvedSession.self] = sub.storage[ResolvedSession.self] }
        return reply
    }

    /// Renders a page for this user.
    func page(_ title: String, _ body: String) -> Response {
        WebContext.html(HTML.page(title: title, user: "\(me.name) (\(me.role.rawValue))", csrf: csrf, body: body))
    }

    static func html(_ s: String, status: HTTPResponseStatus = .ok) -> Response { .body(s, type: .html, status: status) }

    static func redirect(_ to: String) -> Response { Response(status: .seeOther, headers: ["Location": to]) }

    /// Back to `back` (its `#fragment` kept last) with one of the fixed notices (`WebContext.notice`).
    static func redirect(_ back: String, notice: String) -> Response {
        let parts = back.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0]), fragment = parts.count > 1 ? "#" + parts[1] : ""
        return redirect(path + (path.contains("?") ? "&" : "?") + "notice=" + notice + fragment)
    }
}

/// An API refusal shown on a page.
struct WebProblem: Error { var status: HTTPResponseStatus; var reason: String }

/// Whether a form's bytes hold a NUL character, raw or URL-encoded (`%00`).
func formHoldsNUL(_ body: ByteBuffer) -> Bool {
    let bytes = Array(body.readableBytesView)
    if bytes.contains(0) { return true }
    return bytes.indices.dropLast(2).contains { bytes[$0] == UInt8(ascii: "%") && bytes[$0 + 1] == UInt8(ascii: "0") && bytes[$0 + 2] == UInt8(ascii: "0") }
}
