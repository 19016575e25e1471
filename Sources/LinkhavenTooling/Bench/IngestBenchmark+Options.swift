import Foundation
import LinkhavenServer

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
        /// When more than 0: instead of the concurrent uploads, one file of this many rows through the SFTP drop-box
        /// against one over HTTPS.
        public var dropBoxRows = 0

        public init() {}
    }
}
