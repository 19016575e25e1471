import ArgumentParser
import LinkhavenServer

/// `linkhaven-server rotate-master-key`: re-wraps every stored key under a new master key.
struct RotateMasterKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-master-key",
        abstract: "Re-wrap every stored key under a new master key (with the server and workers stopped).",
        discussion: "An interrupted rotation is finished by running this again; the server refuses to start until it is.")

    func run() async throws {
        try await PlatformApplication.run([], allowingInterruptedRotation: true) { app, _ in
            print(try await MasterKeyRotation.run(app: app))
        }
    }
}
