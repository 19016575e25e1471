import Vapor

extension Route {
    /// The route's template, as the request log and the request metrics name it: `/api/v1/runs/:run`. Never the
    /// path as sent, which could carry anything.
    var template: String { "/" + path.map(\.description).joined(separator: "/") }
}
