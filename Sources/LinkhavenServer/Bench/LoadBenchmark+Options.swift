import Foundation

extension LoadBenchmark {
    /// The mixed workload's size.
    public struct Options: Sendable, Equatable {
        /// Households in the synthetic partnership: its six datasets are uploaded and linked in one run.
        public var households = 20_000
        /// Concurrent uploaders during the run, and rows in each of their files.
        public var uploaders = 8
        public var uploadRows = 100_000
        /// Connections reading (API reads and page loads) during the mixed phase and in the read-throughput phase.
        public var connections = 64
        /// Simultaneous wrong-password sign-ins for one account.
        public var storm = 200
        /// Seconds of the read-throughput phase.
        public var readSeconds = 10
        /// An empty PostgreSQL database instead of a fresh SQLite file.
        public var databaseURL: String?

        public init() {}

        public static let usage = """
            usage: linkhaven-server bench-load [--households N] [--uploaders N] [--upload-rows N] [--connections N]
                                               [--storm N] [--read-seconds N] [--database-url URL]
              Serves a fresh platform on 127.0.0.1 and sets up the demo partnership (its six datasets uploaded),
              then, at once: a linkage run over them, --uploaders concurrent uploads of --upload-rows rows each,
              --connections connections of authenticated reads and page loads, and a storm of --storm wrong-password
              sign-ins for one account. Then --read-seconds of reads alone at --connections, as long of dashboard
              pages alone, and one large upload
              alone for the validation rate. Reports p50/p99 per request class, errors, 5xx, throughput and peak
              memory, and checks nothing was lost. Build with -c release.
            """

        /// Parses the arguments after `bench-load`; a bad one throws a message naming it.
        public init(arguments: [String]) throws {
            var args = BenchArguments(arguments, usage: Self.usage)
            while let flag = args.flag() {
                switch flag {
                case "--households": households = try args.number(flag, 10...2_000_000)
                case "--uploaders": uploaders = try args.number(flag, 0...64)
                case "--upload-rows": uploadRows = try args.number(flag, 10...2_000_000)
                case "--connections": connections = try args.number(flag, 1...256)
                case "--storm": storm = try args.number(flag, 0...10_000)
                case "--read-seconds": readSeconds = try args.number(flag, 1...600)
                case "--database-url": databaseURL = try args.databaseURL()
                default: throw args.unknown(flag)
                }
            }
        }
    }
}
