import LinkhavenServer
import Vapor

// linkhaven-server: `serve` (default) runs the platform API; `create-operator EMAIL NAME` makes the
// first platform operator and prints their one-time credentials; `worker` runs a linkage worker that
// claims runs from the (shared) database; `bench-ingest` runs the ingest load benchmark on a platform of
// its own in a temporary directory.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "bench-ingest" {
    do {
        let options = try IngestBenchmark.Options(arguments: Array(CommandLine.arguments.dropFirst(2)))
        try await IngestBenchmark.run(options) { print($0) }
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("linkhaven-server bench-ingest: \(error)\n".utf8))
        exit(1)
    }
}
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    try await configure(app, .fromEnvironment())
    let args = CommandLine.arguments
    if args.count >= 2, args[1] == "create-operator" {
        guard args.count == 4 else { print("usage: linkhaven-server create-operator EMAIL NAME"); exit(64) }
        let c = try await Accounts.createOperator(app: app, email: args[2], name: args[3])
        print("operator \(c.email) created. Hand these over securely; they are shown only once.")
        print("  initial password: \(c.initialPassword)\n  TOTP secret: \(c.totpSecret)\n  \(c.totpURI)")
        print("  recovery codes (each works once): \(c.recoveryCodes.joined(separator: " "))")
    } else if args.count >= 2, args[1] == "worker" {
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
