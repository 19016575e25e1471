import Foundation
import Vapor

/// Runs the drop-box watcher with the server when `LINKHAVEN_SFTP_ROOT` is set (a standalone worker runs it
/// through `SFTPDropBox.watch`); at shutdown it finishes the file in hand.
struct SFTPWatcherLifecycle: LifecycleHandler {
    final class TaskBox: @unchecked Sendable { var task: Task<Void, Never>? }
    let box = TaskBox()

    func didBoot(_ app: Application) throws {
        guard app.platform.config.sftpRoot != nil else { return }
        box.task = Task { await SFTPDropBox.watch(app) }
    }

    func shutdownAsync(_ app: Application) async {
        box.task?.cancel()
        await box.task?.value
    }
}

extension SFTPDropBox {
    /// One look at the drops under `root`, taking files that have not changed for `settle` seconds; the receipts written.
    @discardableResult
    public static func look(_ app: Application, root: String, settle: TimeInterval? = nil) async throws -> Int {
        try await SFTPWatcher(app: app, root: root, settle: settle).pass()
    }

    /// Watches the drops under the configured `sftpRoot` every `sftpPollInterval` seconds until cancelled.
    public static func watch(_ app: Application) async {
        guard let root = app.platform.config.sftpRoot else { return }
        let watcher = SFTPWatcher(app: app, root: root)
        app.logger.notice("watching the SFTP drop-box", metadata: ["root": .string(root)])
        while !Task.isCancelled {
            do { try await watcher.pass() } catch { app.logger.report(error: error) }
            try? await Task.sleep(for: .seconds(app.platform.config.sftpPollInterval))
        }
    }
}
