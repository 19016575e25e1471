import LinkhavenServer
import Vapor

extension Application {
    /// Boots the application (its linkage workers and schedulers start) and serves HTTP on 127.0.0.1
    /// (`port` 0 picks a free one); returns the port bound.
    public func serveOnLoopback(port: Int = 0) async throws -> Int {
        try await asyncBoot()
        http.server.configuration.hostname = "127.0.0.1"
        http.server.configuration.port = port
        try await server.start(address: .hostname("127.0.0.1", port: port))
        guard let bound = http.server.shared.localAddress?.port else { throw APIClientError("the server did not report its port") }
        return bound
    }
}

extension Application {
    /// A fresh application for a command of its own (the demo, a benchmark), logging at `logLevel`, shut down however
    /// `body` ends.
    static func running(_ name: String, logLevel: Logger.Level = .warning, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(Environment(name: name, arguments: ["linkhaven-server"]))
        app.logger.logLevel = logLevel
        do {
            try await body(app)
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}
