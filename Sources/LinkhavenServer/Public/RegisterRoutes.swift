import Crypto
import Foundation
import LinkhavenCore
import Vapor

/// The transparency register, for anyone without signing in: `/register` (HTML, no JavaScript),
/// `/api/v1/public/register` (JSON) and `…/register.csv`. Each answer carries an ETag (a hash of what
/// it says) and Last-Modified (the latest change it shows); a client that sends either back gets 304.
func registerRoutes(_ app: Application) {
    let api = app.grouped("api", "v1").grouped(ConditionalGetMiddleware())
    api.on(API.publicRegister) { req in try await req.register().0 }
    api.on(API.publicRegisterCSV) { req in CSVText(text: try await req.register().0.csv) }
    api.on(API.publicCatalogue) { req in JSONLDText(text: try DCATCatalogue.jsonLD(try await req.register().0, base: req.publicBase)) }
    publicOutputRoutes(app)
    app.grouped(ConditionalGetMiddleware()).get("register") { req async throws -> Response in
        let (register, _) = try await req.register()
        return WebContext.html(HTML.page(title: "Transparency register", body: RegisterPage.html(register)))
    }
}

extension Request {
    /// The register as of now, with its Last-Modified and the hash of its content (JSON with sorted keys:
    /// the encoder's own key order is not stable) noted for `ConditionalGetMiddleware`.
    func register() async throws -> (PublicRegister, Date) {
        let built = try await RegisterBuilder(db: db, now: now).build()
        storage[LastModifiedKey.self] = built.lastModified
        let e = JSONEncoder.api()
        e.outputFormatting = [.sortedKeys]
        storage[ContentHashKey.self] = Hex.encode(SHA256.hash(data: try e.encode(built.0)))
        return built
    }
}

extension Request {
    /// Where the public reached this server: the configured public URL's scheme with the host the request
    /// named (behind a proxy, the public one), or the configured URL when the request named none.
    var publicBase: String {
        let configured = application.platform.config.publicURL
        guard let host = headers.first(name: .host), !host.isEmpty, !host.contains("/"), !host.contains(" ") else { return configured }
        return (configured.hasPrefix("https:") ? "https://" : "http://") + host
    }
}

struct LastModifiedKey: StorageKey { typealias Value = Date }
struct ContentHashKey: StorageKey { typealias Value = String }

/// Conditional GET for the public area: ETag (SHA-256 of the content the handler noted, or of the body,
/// with the path: one per representation) and Last-Modified on a 200, and 304
/// with no body when the client's If-None-Match names the same ETag, or (without one) its
/// If-Modified-Since is not before Last-Modified. Public answers may be cached for a minute.
struct ConditionalGetMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard request.method == .GET, response.status == .ok, let body = response.body.buffer else { return response }
        let content = request.storage[ContentHashKey.self] ?? Hex.encode(SHA256.hash(data: Array(buffer: body)))
        let etag = "\"" + Hex.encode(SHA256.hash(data: Array((content + " " + request.url.path).utf8))).prefix(32) + "\""
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=60")
        let modified = request.storage[LastModifiedKey.self].map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
        if let modified { response.headers.replaceOrAdd(name: .lastModified, value: modified.rfc1123) }
        let matches: Bool
        if let tags = request.headers.first(name: .ifNoneMatch) {
            matches = tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains { $0 == etag || $0 == "*" }
        } else if let since = request.headers.first(name: .ifModifiedSince).flatMap(Date.init(rfc1123:)), let modified {
            matches = modified <= since
        } else {
            matches = false
        }
        guard matches else { return response }
        var headers = response.headers
        headers.remove(name: .contentLength); headers.remove(name: .contentType)
        return Response(status: .notModified, headers: headers)
    }
}
