import Foundation
import LinkhavenServer
import Vapor

/// The platform assembled from the environment for one command: Vapor's environment and the log level
/// from `arguments` (`--env`, `--log`), the log format (`PlatformLogging`) and the configuration from the process environment. Refuses to
/// start while a master key rotation is unfinished, except for the command that finishes it.
enum PlatformApplication {
    static func run(_ arguments: [String], allowingInterruptedRotation: Bool = false,
                    adjusting adjust: (inout ServerConfiguration) -> Void = { _ in },
                    _ body: (Application, ServerConfiguration) async throws -> Void) async throws {
        var env = try Environment.detect(arguments: ["linkhaven-server"] + arguments)
        try PlatformLogging.bootstrap(from: &env)
        let app = try await Application.make(env)
        do {
            var config = ServerConfiguration.fromEnvironment()
            adjust(&config)
            try await configure(app, config)
            if !allowingInterruptedRotation, let problem = MasterKeyRotation.interrupted(config) {
                throw ValidationFailure("refusing to start: \(problem)")
            }
            try await body(app, config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// A refusal to run, said in words (ArgumentParser prints it and exits with status 1).
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
