import Foundation

extension IngestBenchmark {
    /// What to run: the synthetic partnership's size, how many providers upload at once, how many
    /// readers poll meanwhile, and the part size.
    public struct Options: Sendable, Equatable {
        public var households = 2_000
        public var uploaders = 6
        public var uploadsPerUploader = 4
        public var readers = 4
        public var partBytes = 1 << 20
        /// An empty PostgreSQL database to run against instead of a fresh SQLite file.
        public var databaseURL: String?

        public init() {}

        public static let usage = """
            usage: linkhaven-server bench-ingest [--households N] [--uploaders N] [--uploads-per-uploader N]
                                                 [--readers N] [--part-bytes N] [--database-url URL]
              Serves a fresh platform on 127.0.0.1, sets up the demo partnership through the API, then runs
              uploaders × uploads-per-uploader concurrent uploads of distinct synthetic pseudonymised files while
              readers list datasets, quality reports and notifications; checks nothing was lost and reports
              MB/s and latency percentiles. --database-url needs an empty PostgreSQL database.
            """

        /// Parses the arguments after `bench-ingest`; a bad one throws a message naming it.
        public init(arguments: [String]) throws {
            var args = BenchArguments(arguments, usage: Self.usage)
            while let flag = args.flag() {
                switch flag {
                case "--households": households = try args.number(flag, 10...200_000)
                case "--uploaders": uploaders = try args.number(flag, 1...64)
                case "--uploads-per-uploader": uploadsPerUploader = try args.number(flag, 1...1_000)
                case "--readers": readers = try args.number(flag, 0...64)
                case "--part-bytes": partBytes = try args.number(flag, 4_096...(64 << 20))
                case "--database-url": databaseURL = try args.databaseURL()
                default: throw args.unknown(flag)
                }
            }
        }
    }
}
