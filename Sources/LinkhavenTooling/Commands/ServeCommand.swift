import ArgumentParser
import LinkhavenServer
import Vapor

/// `linkhaven-server serve`: the platform's HTTP API and web interface, with linkage workers in process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the platform (the default command).",
        discussion: "Put it behind a TLS-terminating proxy (docs/operator-guide.md); bind to 127.0.0.1 unless the proxy is elsewhere.")

    @ArgumentParser.Option(help: "The address to bind (default 127.0.0.1).") var hostname: String?
    @ArgumentParser.Option(help: "The port to bind (default 8080).") var port: Int?
    @ArgumentParser.Option(name: .customLong("env"), help: "Vapor's environment: development (default) or production.") var environment: String?
    @ArgumentParser.Option(help: "Log level: trace, debug, info, notice, warning, error or critical.") var log: String?

    func run() async throws {
        try await PlatformApplication.run(vaporOptions) { app, _ in
            app.environment.arguments = ["linkhaven-server", "serve"] + [hostname.map { ["--hostname", $0] }, port.map { ["--port", String($0)] }]
                .compactMap { $0 }.flatMap { $0 }
            try await app.execute()
        }
    }

    var vaporOptions: [String] { [environment.map { ["--env", $0] }, log.map { ["--log", $0] }].compactMap { $0 }.flatMap { $0 } }
}
