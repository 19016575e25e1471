import Dispatch
import Foundation

/// Work split over threads of Linkhaven's own, never the shared Dispatch or Swift-concurrency pools.
///
/// A new Linux thread inherits its creator's scheduling priority, so work started on a thread that
/// lowered itself (`System.lowerThreadPriority()`) stays lowered on every core it spreads to: a
/// linkage run in the server gives way to the requests people are waiting for. (`concurrentPerform`
/// would run the other iterations on Dispatch's shared threads, at normal priority, on the same pool
/// that runs the server's request handlers.)
public enum Parallel {
    /// Calls `body(w)` once for each `w` in `0..<workers` at the same time, worker 0 on the calling
    /// thread, and returns when every call has returned.
    public static func forEach(workers: Int, _ body: (Int) -> Void) {
        guard workers > 1 else {
            if workers == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = Shared(body)
            let finished = DispatchSemaphore(value: 0)
            for w in 1..<workers {
                let thread = Thread {
                    shared.body?(w)
                    finished.signal()
                }
                thread.name = "linkhaven-work"
                thread.stackSize = 4 << 20
                thread.start()
            }
            body(0)
            for _ in 1..<workers { finished.wait() }
            shared.body = nil   // every worker has returned: the closure must not outlive this call
        }
    }

    /// The closure, handed to the threads; cleared once they have all finished with it.
    private final class Shared: @unchecked Sendable {
        var body: ((Int) -> Void)?
        init(_ body: @escaping (Int) -> Void) { self.body = body }
    }
}
