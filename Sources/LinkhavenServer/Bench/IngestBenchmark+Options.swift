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
            var rest = arguments[...]
            func number(_ flag: String, _ range: ClosedRange<Int>) throws -> Int {
                guard let text = rest.popFirst(), let n = Int(text), range.contains(n) else {
                    throw APIClientError("\(flag) needs a whole number from \(range.lowerBound) to \(range.upperBound)\n\n\(Self.usage)")
                }
                return n
            }
            while let flag = rest.popFirst() {
                switch flag {
                case "--households": households = try number(flag, 10...200_000)
                case "--uploaders": uploaders = try number(flag, 1...64)
                case "--uploads-per-uploader": uploadsPerUploader = try number(flag, 1...1_000)
                case "--readers": readers = try number(flag, 0...64)
                case "--part-bytes": partBytes = try number(flag, 4_096...(64 << 20))
                case "--database-url":
                    guard let url = rest.popFirst(), url.hasPrefix("postgres") else { throw APIClientError("--database-url needs a postgres:// URL\n\n\(Self.usage)") }
                    databaseURL = url
                case "-h", "--help": throw APIClientError(Self.usage)
                default: throw APIClientError("unknown option '\(flag)'\n\n\(Self.usage)")
                }
            }
        }
    }
}
