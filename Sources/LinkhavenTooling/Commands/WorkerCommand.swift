import ArgumentParser
import Foundation
import LinkhavenServer
import Vapor

/// `linkhaven-server worker`: a linkage worker only, claiming runs from the shared database until stopped.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run a linkage worker that claims runs from the (shared) database until SIGINT or SIGTERM (and, with LINKHAVEN_SFTP_ROOT, watches the SFTP drop-box).",
        discussion: "Many workers on many hosts can share one PostgreSQL database (DATABASE_URL); a run whose worker stops is taken over.")

    @ArgumentParser.Option(help: "Log level: trace, debug, info, notice, warning, error or critical.") var log: String?

    func run() async throws {
        try await PlatformApplication.run(log.map { ["--log", $0] } ?? []) { app, _ in
            let worker = Task {
                async let dropBox: Void = SFTPDropBox.watch(app)   // when LINKHAVEN_SFTP_ROOT is set
                await LinkageWorker.standalone(app)
                await dropBox
            }
            let signals = DispatchSource.makeSignalSource(signal: SIGTERM)
            signal(SIGTERM, SIG_IGN)
            signals.setEventHandler { worker.cancel() }
            signals.resume()
            app.logger.notice("linkage worker started")
            await worker.value
        }
    }
}
