import Dispatch
import Foundation

/// The per-row checks of a pseudonymised file, streaming and on every core: the reader's thread
/// parses records into batches while workers run the breach guard, the data quality profile and
/// the shape checks (field count, UTF-8) over them on threads of its own, each worker into accumulators of its own,
/// merged at the end as if one had seen every row. Memory stays bounded: at most one batch per
/// worker and one being parsed.
public struct PseudonymisedFileCheck: Sendable {
    /// A row that is not the right shape: where, and why; never a value.
    public struct Problem: Sendable, Equatable, Codable {
        public var line: Int, column: String?, reason: String
    }

    /// What the rows held.
    public struct Result: Sendable {
        public var scan: ScanReport
        public var quality: DataQualityReport
        public var rows: Int
        /// The first `problemsKept` problems by line, and how many there were in all.
        public var problems: [Problem]
        public var problemCount: Int
    }

    public let header: [String]
    public let columns: [OutputColumn]
    public let dataset: String
    /// Worker threads (default: every core); 1 runs on the caller's thread alone.
    public var workers: Int
    public var batchRows = 2048
    public var problemsKept = 100
    /// Run first on each worker thread (the platform lowers their priority below its requests').
    public var workerStart: @Sendable () -> Void = {}

    /// Checks for a file whose (already read and agreed) header is `columns`' names.
    public init(dataset: String, columns: [OutputColumn], workers: Int = System.coreCount) {
        self.dataset = dataset
        self.columns = columns
        header = columns.map(\.name)
        self.workers = max(1, workers)
    }

    /// One worker's accumulators.
    final class Slot: @unchecked Sendable {
        var scan: ScanAccumulator
        var profile: DataQualityProfiler
        var problems: [Problem] = [], problemCount = 0
        init(_ c: PseudonymisedFileCheck) {
            scan = ScanAccumulator(header: c.header, checks: c.columns.map(ColumnCheck.init), columns: c.columns)
            profile = DataQualityProfiler(dataset: c.dataset, columns: c.columns)
        }

        func add(_ batch: [CSVRecord], header: [String], kept: Int) {
            for r in batch {
                if r.fields.count != header.count { problem(Problem(line: r.line, column: nil, reason: "has \(r.fields.count) fields; the header has \(header.count)"), kept) }
                if let bad = r.badEncodingField { problem(Problem(line: r.line, column: bad < header.count ? header[bad] : nil, reason: "is not valid UTF-8"), kept) }
                scan.add(r)
                profile.add(r.fields)
            }
        }

        private func problem(_ p: Problem, _ kept: Int) { problemCount += 1; if problems.count < kept { problems.append(p) } }
    }

    /// Reads every remaining record of `reader` (the header already read); `afterFirstBatch` runs once
    /// the first batch is parsed (a crash point for the kill tests).
    public func run(reader: CSVReader, afterFirstBatch: () -> Void = {}) throws -> Result {
        let slots = (0..<workers).map { _ in Slot(self) }
        let header = header, kept = problemsKept
        var first = true
        if workers == 1 {
            while let batch = try Self.batch(reader, rows: batchRows) {
                if first { afterFirstBatch(); first = false }
                slots[0].add(batch, header: header, kept: kept)
            }
        } else {
            // Workers of its own (not the shared dispatch pool), each taking batches in file order.
            let queue = BlockingQueue<[CSVRecord]>(capacity: workers)
            let done = DispatchGroup()
            for slot in slots {
                done.enter()
                let worker = Thread { [workerStart] in
                    workerStart()
                    while let batch = queue.take() { slot.add(batch, header: header, kept: kept) }
                    done.leave()
                }
                worker.stackSize = 1 << 20
                worker.start()
            }
            defer { queue.close(); done.wait() }   // on a parse error too: no worker outlives the slots it writes
            while let batch = try Self.batch(reader, rows: batchRows) {
                if first { afterFirstBatch(); first = false }
                queue.put(batch)
            }
        }
        var scan = slots[0].scan, profile = slots[0].profile
        var problems = slots[0].problems, count = slots[0].problemCount
        for s in slots.dropFirst() {
            scan.merge(s.scan); profile.merge(s.profile)
            problems += s.problems; count += s.problemCount
        }
        problems = Array(problems.sorted { $0.line < $1.line }.prefix(kept))
        return Result(scan: scan.report(), quality: profile.report(), rows: scan.rows, problems: problems, problemCount: count)
    }

    static func batch(_ reader: CSVReader, rows: Int) throws -> [CSVRecord]? {
        var out: [CSVRecord] = []
        out.reserveCapacity(rows)
        while out.count < rows, let r = try reader.next() { out.append(r) }
        return out.isEmpty ? nil : out
    }
}

