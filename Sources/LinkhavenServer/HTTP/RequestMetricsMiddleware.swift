import CoreMetrics
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Counts and times every request as Vapor's own request metrics would — `http_requests_total`,
/// `http_request_errors_total` (5xx) and `http_request_duration_seconds`, labelled by method, route template and
/// status, or `undefined` and `vapor_route_undefined` for a path no route matches, so that no path as sent ever
/// becomes a label — but through handles made once per route, method and status and kept, where Vapor makes its
/// counter and timer anew on every request (a registry lookup under the registry's one lock, the labels checked and
/// copied each time), which cost a tenth of the small reads' throughput under load. Vapor's own are turned off
/// (`reportMetrics`) where this is installed.
///
/// One per application: its cache is keyed by the identity of the application's routes, which live as long as it.
final class RequestMetricsMiddleware: AsyncMiddleware, Sendable {
    private struct Key: Hashable {
        var route: ObjectIdentifier?
        var method: String
        var status: UInt
    }

    private struct Series: Sendable {
        var requests: CoreMetrics.Counter
        var errors: CoreMetrics.Counter?
        var duration: CoreMetrics.Timer
    }

    private let series = NIOLockedValueBox<[Key: Series]>([:])

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            let response = try await next.respond(to: request)
            record(request, status: response.status.code, since: started)
            return response
        } catch {
            record(request, status: (error as? any AbortError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    private func record(_ request: Request, status: UInt, since started: UInt64) {
        let route = request.route
        let key = Key(route: route.map(ObjectIdentifier.init), method: route == nil ? "undefined" : request.method.rawValue, status: status)
        let s = series.withLockedValue { cache in
            if let known = cache[key] { return known }
            let made = Self.makeSeries(path: route?.template ?? "vapor_route_undefined", method: key.method, status: status)
            cache[key] = made
            return made
        }
        s.requests.increment()
        s.errors?.increment()
        s.duration.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
    }

    private static func makeSeries(path: String, method: String, status: UInt) -> Series {
        let dimensions = [("method", method), ("path", path), ("status", status.description)]
        return Series(requests: CoreMetrics.Counter(label: "http_requests_total", dimensions: dimensions),
                      errors: status >= 500 ? CoreMetrics.Counter(label: "http_request_errors_total", dimensions: dimensions) : nil,
                      duration: CoreMetrics.Timer(label: "http_request_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds))
    }
}
