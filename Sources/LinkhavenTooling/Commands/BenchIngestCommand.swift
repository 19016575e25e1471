import ArgumentParser
import LinkhavenServer

/// `linkhaven-server bench-ingest`: the ingest load benchmark.
struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-ingest",
        abstract: "Benchmark ingest: many concurrent uploads and readers against a fresh platform on 127.0.0.1.",
        discussion: """
            Sets up the demo partnership through the API, then runs uploaders × uploads-per-uploader concurrent uploads of \
            distinct synthetic pseudonymised files while readers list datasets, quality reports and notifications; checks \
            nothing was lost and reports MB/s and latency percentiles. With --dropbox-rows N it instead times one file of N rows \
            from the SFTP drop-box to its receipt against one over HTTPS to accepted. Build with -c release.
            """)

    @Option(help: "Households in the synthetic partnership (10 to 200,000).") var households = IngestBenchmark.Options().households
    @Option(help: "Concurrent uploaders (1 to 64).") var uploaders = IngestBenchmark.Options().uploaders
    @Option(help: "Uploads by each uploader (1 to 1,000).") var uploadsPerUploader = IngestBenchmark.Options().uploadsPerUploader
    @Option(help: "Concurrent readers (0 to 64).") var readers = IngestBenchmark.Options().readers
    @Option(help: "Bytes per upload part (4,096 to 64 MiB).") var partBytes = IngestBenchmark.Options().partBytes
    @Option(help: "An empty PostgreSQL database (postgres://…) instead of a fresh SQLite file.") var databaseURL: String?
    @Option(name: .customLong("dropbox-rows"), help: "Time one file of this many rows through the SFTP drop-box against HTTPS (0 to 5,000,000; 0: the concurrent uploads).")
    var dropBoxRows = 0

    func validate() throws {
        try check(households, "--households", 10...200_000)
        try check(uploaders, "--uploaders", 1...64)
        try check(uploadsPerUploader, "--uploads-per-uploader", 1...1_000)
        try check(readers, "--readers", 0...64)
        try check(partBytes, "--part-bytes", 4_096...(64 << 20))
        try check(dropBoxRows, "--dropbox-rows", 0...5_000_000)
        if let url = databaseURL, !url.hasPrefix("postgres") { throw ValidationError("--database-url needs a postgres:// URL") }
    }

    var options: IngestBenchmark.Options {
        var o = IngestBenchmark.Options()
        o.households = households; o.uploaders = uploaders; o.uploadsPerUploader = uploadsPerUploader; o.readers = readers
        o.partBytes = partBytes; o.databaseURL = databaseURL; o.dropBoxRows = dropBoxRows
        return o
    }

    func run() async throws { try await IngestBenchmark.run(options, say: say) }
}

extension IngestBenchmark.Options {
    /// Parses the benchmark's options as the command line gives them; a bad one throws its message.
    public init(arguments: [String]) throws {
        self = try BenchIngestCommand.parsed(arguments, \.options)
    }
}
