import Vapor

/// A contract endpoint's handler, kept with its route so that a web page can call it in process:
/// typed values in and out, the same checks, refusals and audit, and no JSON between them.
struct TypedHandler<Body: Sendable, Reply: Sendable>: Sendable {
    let run: @Sendable (Request, Body) async throws -> Reply
}

/// Every contract endpoint's handler, by operation, collected from the routes once `configure` has
/// registered them.
struct TypedHandlers: Sendable {
    static let handlerKey = "linkhaven.contract.handler", operationKey = "linkhaven.contract.operation"
    private let byOperation: [String: any Sendable]

    init(_ routes: Routes) {
        var found: [String: any Sendable] = [:]
        for route in routes.all {
            if let key = route.userInfo[Self.operationKey] as? String, let handler = route.userInfo[Self.handlerKey] { found[key] = handler }
        }
        byOperation = found
    }

    /// The handler registered for `e`. An endpoint the server does not serve is a programming error
    /// (the contract test checks that every documented operation is served).
    func handler<Body, Reply>(_ e: Endpoint<Body, Reply>) -> TypedHandler<Body, Reply> {
        guard let h = byOperation[e.key] as? TypedHandler<Body, Reply> else { preconditionFailure("\(e.key) is not served") }
        return h
    }
}


extension Application {
    private struct TypedHandlersKey: StorageKey { typealias Value = TypedHandlers }
    /// The contract's handlers, collected when `configure` finishes.
    var typedHandlers: TypedHandlers {
        get { storage[TypedHandlersKey.self]! }
        set { storage[TypedHandlersKey.self] = newValue }
    }
}
