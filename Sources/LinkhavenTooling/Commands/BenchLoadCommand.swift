import ArgumentParser
import Foundation
import LinkhavenServer

/// `linkhaven-server bench-load`: the mixed-load benchmark.
struct BenchLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-load",
        abstract: "Benchmark the platform under mixed load: a linkage run, uploads, reads, page loads and a sign-in storm at once.",
        discussion: """
            Serves a fresh platform on 127.0.0.1 and sets up the demo partnership (its six datasets uploaded), then, at once: \
            a linkage run over them, --uploaders concurrent uploads of --upload-rows rows each, --connections connections of \
            authenticated reads and page loads, and a storm of --storm wrong-password sign-ins for one account. Then \
            --read-seconds of reads alone at --connections, as long of dashboard pages alone, and one large upload alone for \
            the validation rate. Reports p50/p99 per request class, errors, 5xx, throughput and peak memory, and checks \
            nothing was lost. Build with -c release.
            """)

    @Option(help: "Households in the synthetic partnership (10 to 2,000,000).") var households = LoadBenchmark.Options().households
    @Option(help: "Concurrent uploaders during the run (0 to 64).") var uploaders = LoadBenchmark.Options().uploaders
    @Option(help: "Rows in each uploader's file (10 to 2,000,000).") var uploadRows = LoadBenchmark.Options().uploadRows
    @Option(help: "Connections reading (1 to 256).") var connections = LoadBenchmark.Options().connections
    @Option(help: "Simultaneous wrong-password sign-ins for one account (0 to 10,000).") var storm = LoadBenchmark.Options().storm
    @Option(help: "Seconds of the read-throughput phase (1 to 600).") var readSeconds = LoadBenchmark.Options().readSeconds
    @Option(help: "An empty PostgreSQL database (postgres://…) instead of a fresh SQLite file.") var databaseURL: String?
    @Option(help: "Keep the server's log (JSON lines at info, as in production) in this file; by default it goes to a temporary file, removed after.")
    var logFile: String?

    func validate() throws {
        try check(households, "--households", 10...2_000_000)
        try check(uploaders, "--uploaders", 0...64)
        try check(uploadRows, "--upload-rows", 10...2_000_000)
        try check(connections, "--connections", 1...256)
        try check(storm, "--storm", 0...10_000)
        try check(readSeconds, "--read-seconds", 1...600)
        if let url = databaseURL, !url.hasPrefix("postgres") { throw ValidationError("--database-url needs a postgres:// URL") }
    }

    var options: LoadBenchmark.Options {
        var o = LoadBenchmark.Options()
        o.households = households; o.uploaders = uploaders; o.uploadRows = uploadRows; o.connections = connections; o.storm = storm
        o.readSeconds = readSeconds; o.databaseURL = databaseURL
        return o
    }

    func run() async throws {
        var o = options
        let log = logFile ?? FileManager.default.temporaryDirectory.appendingPathComponent("linkhaven-bench-load-\(UUID().uuidString.prefix(8)).log").path
        defer { if logFile == nil { try? FileManager.default.removeItem(atPath: log) } }
        try LoadBenchmark.bootstrapLogging(to: log)
        o.logFile = log
        try await LoadBenchmark.run(o, say: say)
    }
}

extension LoadBenchmark.Options {
    /// Parses the benchmark's options as the command line gives them; a bad one throws its message.
    public init(arguments: [String]) throws {
        self = try BenchLoadCommand.parsed(arguments, \.options)
    }
}
