import Foundation

/// Every refusal's body: `{"error": reason}`, with its HTTP status.
public struct Problem: Codable, Sendable, Equatable {
    public var error: String
    /// For a refusal by the agreement's status: which agreement, its status and the action refused.
    public var agreement: RefusalDetail?

    public init(error: String, agreement: RefusalDetail? = nil) { self.error = error; self.agreement = agreement }

    /// The reason in a refusal's body, or `nil` if the body is not a problem.
    public static func reason(in body: Data) -> String? { (try? JSONDecoder().decode(Problem.self, from: body))?.error }

    /// The agreement that stands in the way of an action (409).
    public struct RefusalDetail: Codable, Sendable, Equatable {
        public var id: UUID?; public var title: String?; public var status: String; public var since: String?; public var action: String; public var dataset: String?
        public init(id: UUID?, title: String?, status: String, since: String?, action: String, dataset: String?) {
            self.id = id; self.title = title; self.status = status; self.since = since; self.action = action; self.dataset = dataset
        }
    }
}
