import LinkhavenServer
import Vapor

// linkhaven-server: `serve` (default) runs the platform API; `create-operator EMAIL NAME` makes the
// first platform operator and prints their one-time credentials; `worker` runs a linkage worker that
// claims runs from the (shared) database; `bench-ingest` runs the ingest load benchmark, and `bench-load` the
// mixed-load benchmark, on a platform of its own in a temporary directory; `demo` runs the whole product on a demo partnership and serves it;
// `rotate-master-key` re-wraps every stored key under a new master key (with the server and workers stopped);
// `openapi` prints the API's OpenAPI document.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "openapi" {
    FileHandle.standardOutput.write(try openAPIDocumentJSON())
    exit(0)
}
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "bench-ingest" {
    do {
        let options = try IngestBenchmark.Options(arguments: Array(CommandLine.arguments.dropFirst(2)))
        try await IngestBenchmark.run(options, say: say)
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("linkhaven-server bench-ingest: \(error)\n".utf8))
        exit(1)
    }
}
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "bench-load" {
    do {
        let options = try LoadBenchmark.Options(arguments: Array(CommandLine.arguments.dropFirst(2)))
        try await LoadBenchmark.run(options, say: say)
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("linkhaven-server bench-load: \(error)\n".utf8))
        exit(1)
    }
}
/// Writes a line at once (not buffered), so progress shows as it happens even through a pipe.
@Sendable func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "demo" {
    do {
        let args = Array(CommandLine.arguments.dropFirst(2))
        if args.first == "codes" {
            let options = try Demo.Options(arguments: Array(args.dropFirst()))
            say(try Demo.codes(directory: options.directory))
        } else {
            try await Demo.run(try Demo.Options(arguments: args), say: say)
        }
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("linkhaven-server demo: \(error)\n".utf8))
        exit(1)
    }
}
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    let config = ServerConfiguration.fromEnvironment()
    try await configure(app, config)
    let args = CommandLine.arguments
    let command = args.count >= 2 ? args[1] : "serve"
    if command != "rotate-master-key", let problem = MasterKeyRotation.interrupted(config) {
        FileHandle.standardError.write(Data("linkhaven-server: refusing to start: \(problem)\n".utf8))
        try? await app.asyncShutdown()
        exit(1)
    }
    if command == "rotate-master-key" {
        print(try await MasterKeyRotation.run(app: app))
    } else if command == "create-operator" {
        guard args.count == 4 else { print("usage: linkhaven-server create-operator EMAIL NAME"); exit(64) }
        let c = try await Accounts.createOperator(app: app, email: args[2], name: args[3])
        print("operator \(c.email) created. Hand these over securely; they are shown only once.")
        print("  initial password: \(c.initialPassword)\n  TOTP secret: \(c.totpSecret)\n  \(c.totpURI)")
        print("  recovery codes (each works once): \(c.recoveryCodes.joined(separator: " "))")
    } else if command == "worker" {
        // A linkage worker only: claims runs from the shared database until stopped (SIGINT/SIGTERM).
        let worker = Task { await LinkageWorker.standalone(app) }
        let signals = DispatchSource.makeSignalSource(signal: SIGTERM)
        signal(SIGTERM, SIG_IGN)
        signals.setEventHandler { worker.cancel() }
        signals.resume()
        app.logger.notice("linkage worker started")
        await worker.value
    } else {
        try await app.execute()
    }
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
