import Foundation
import Vapor

/// Starts the server's in-process linkage workers at boot and stops them at shutdown.
struct LinkageLifecycle: LifecycleHandler {
    final class Tasks: @unchecked Sendable {
        let lock = NSLock()
        var running: [Task<Void, Never>] = []
    }
    let tasks = Tasks()

    /// Synchronous, so that both boots start them (the test harness boots synchronously; `serve` asynchronously).
    func didBoot(_ app: Application) throws {
        let n = app.platform.config.inProcessWorkers
        guard n > 0 else { return }
        let started = (0..<n).map { _ in Task { await LinkageWorker(app: app).loop() } }
        tasks.lock.withLock { tasks.running = started }
    }

    func shutdown(_ app: Application) {
        for t in tasks.lock.withLock({ tasks.running }) { t.cancel() }
    }

    func shutdownAsync(_ app: Application) async {
        let running = tasks.lock.withLock { tasks.running }
        for t in running { t.cancel() }
        for t in running { await t.value }
    }
}

/// Counts queued runs so that idle workers in this process look at once instead of at their next poll.
final class LinkageWakeup: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    func signal() { lock.withLock { generation += 1 } }
    var current: Int { lock.withLock { generation } }
}

extension Application {
    /// Tells this process's idle workers that a run was queued.
    func linkageWake() { platform.linkageWakeup.signal() }
}
