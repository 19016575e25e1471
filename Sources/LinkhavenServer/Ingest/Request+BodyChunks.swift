import NIOConcurrencyHelpers
import NIOCore
import Vapor

extension Request.Body {
    /// Hands each chunk of a streamed body to `handle` in turn, the next only once `handle` has
    /// returned (so a slow disk slows the sender, and nothing piles up in memory), and returns at the
    /// end of the body or throws the first error.
    ///
    /// Through `drain` (callbacks) rather than `for try await` over the body: Vapor's async sequence
    /// for request bodies can fail a precondition under load and take the whole server down
    /// (vapor/vapor#3153; seen here during `bench-load` with eight concurrent 90 MB uploads).
    func eachChunk(on eventLoop: any EventLoop, _ handle: @escaping @Sendable (ByteBuffer) async throws -> Void) async throws {
        let done = eventLoop.makePromise(of: Void.self)
        let finished = NIOLockedValueBox(false)
        @Sendable func finish(_ result: Result<Void, any Error>) {
            guard finished.withLockedValue({ f in defer { f = true }; return !f }) else { return }
            done.completeWith(result)
        }
        drain { part in
            switch part {
            case .buffer(let chunk):
                // After a failure the rest of the body is read and dropped: the caller has moved on.
                if finished.withLockedValue({ $0 }) { return eventLoop.makeSucceededVoidFuture() }
                let handled = eventLoop.makePromise(of: Void.self)
                handled.completeWithTask { try await handle(chunk) }
                return handled.futureResult.flatMapErrorThrowing { error in
                    finish(.failure(error))
                    throw error
                }
            case .error(let error):
                finish(.failure(error))
                return eventLoop.makeSucceededVoidFuture()
            case .end:
                finish(.success(()))
                return eventLoop.makeSucceededVoidFuture()
            }
        }
        try await done.futureResult.get()
    }
}
