import Foundation
import LinkhavenServer

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
        /// The file the server's JSON log goes to, whose lines the report counts; none, not counted.
        public var logFile: String?

        public init() {}
    }
}
