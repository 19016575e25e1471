import Dispatch
import Foundation

/// Where a long run has got to.
public struct ProgressSnapshot: Sendable {
    /// Rows read so far, bytes read so far and the input's size (0 if unknown, e.g. a pipe).
    public var rows: Int, bytesRead: Int, totalBytes: Int
    /// Seconds since the start.
    public var elapsed: Double

    /// A snapshot.
    public init(rows: Int, bytesRead: Int, totalBytes: Int, elapsed: Double) {
        self.rows = rows
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.elapsed = elapsed
    }
}

/// The outcome of a pseudonymisation run.
public struct PseudonymisationSummary: Sendable {
    /// Row counts and problems per column.
    public var rows: PseudonymisationManifest.RowCounts
    /// Problems per column header.
    public var problemsByColumn: [String: Int]
    /// SHA-256 of the output file.
    public var outputSHA256: String
    /// Seconds of wall time.
    public var seconds: Double
}

/// Raised when the policy is ``ProblemPolicy/stop`` and a row has a problem. Nothing is written.
public struct StoppedOnProblem: Error, CustomStringConvertible, Sendable {
    /// The first problem.
    public let problem: RowProblem
    public var description: String {
        "stopped at line \(problem.line), column '\(problem.column)': the value \(problem.reason). Nothing was written."
    }
}

/// Streams a CSV through a ``DatasetPlan``: reads a batch, encodes it on every core, writes it
/// in order, and repeats, so memory stays constant however large the file.
public struct PseudonymisationJob {
    /// The bound plan.
    public let plan: DatasetPlan
    /// What happens to rows with problems.
    public var policy: ProblemPolicy
    /// Worker threads (default: the number of cores).
    public var workers: Int
    /// Rows per batch.
    public var batchSize: Int
    /// Stop (``ColumnMostlyUnusable``, nothing written) when more than this share of one column's
    /// values cannot be used, checked after each batch once `unusableMinimumRows` rows are read;
    /// `nil` goes on whatever happens.
    public var unusableColumnLimit: Double? = 0.5
    public var unusableMinimumRows = 20

    /// A job with defaults.
    public init(plan: DatasetPlan, policy: ProblemPolicy = .blank, workers: Int = System.coreCount, batchSize: Int = 4096) {
        self.plan = plan
        self.policy = policy
        self.workers = max(1, workers)
        self.batchSize = batchSize
    }

    /// One worker's encoder (with its caches) and its share of the current batch.
    struct Slot {
        var encoder: RecordEncoder
        var bytes: [UInt8] = []
        var rows: [EncodedRow] = []
    }

    /// Runs the job. `problems` receives every problem; `vault` every entry; `progress` is
    /// called after each batch.
    public func run(reader: CSVReader, totalBytes: Int, output: CSVWriter, problems: (RowProblem) throws -> Void,
                    vault: VaultWriter?, progress: (ProgressSnapshot) -> Void) throws -> PseudonymisationSummary {
        let clock = ContinuousClock()
        let start = clock.now
        try output.write(plan.outputHeader)
        let slots = PerWorker(count: workers) { Slot(encoder: plan.makeEncoder()) }
        var input: [CSVRecord] = []
        var counts = PseudonymisationManifest.RowCounts(read: 0, written: 0, skipped: 0, withProblems: 0)
        var byColumn: [String: Int] = [:]
        let policy = self.policy
        let workers = self.workers
        var watch = unusableColumnLimit.map { UnusableColumnWatch(limit: $0, minimumRows: unusableMinimumRows, spec: plan.dataset) }
        while true {
            input.removeAll(keepingCapacity: true)
            while input.count < batchSize, let r = try reader.next() { input.append(r) }
            if input.isEmpty { break }
            let n = input.count
            let batch = input
            let per = (n + workers - 1) / workers
            Parallel.forEach(workers: workers) { w in
                let lo = w * per, hi = min(n, lo + per)
                var out: [UInt8] = []
                var rows: [EncodedRow] = []
                if lo < hi {
                    out.reserveCapacity((hi - lo) * 512)
                    for i in lo..<hi {
                        var row = slots[w].encoder.encode(batch[i], policy: policy)
                        if !row.skipped { CSVWriter.encode(row.fields, into: &out) }
                        row.fields = []
                        rows.append(row)
                    }
                }
                slots[w].bytes = out
                slots[w].rows = rows
            }
            for w in 0..<workers {
                for row in slots[w].rows {
                    counts.read += 1
                    if !row.problems.isEmpty {
                        if policy == .stop { throw StoppedOnProblem(problem: row.problems[0]) }
                        counts.withProblems += 1
                        for p in row.problems {
                            byColumn[p.column, default: 0] += 1
                            watch?.add(p)
                            try problems(p)
                        }
                    }
                    if row.skipped { counts.skipped += 1 } else { counts.written += 1 }
                    if let v = row.vault { try vault?.append(v) }
                }
                try output.file.write(slots[w].bytes)
            }
            if let stop = watch?.check(rows: counts.read) { throw stop }
            progress(ProgressSnapshot(rows: counts.read, bytesRead: reader.bytesRead, totalBytes: totalBytes,
                                      elapsed: (clock.now - start).seconds))
        }
        try vault?.commit()
        let sha = try output.file.commit()
        return PseudonymisationSummary(rows: counts, problemsByColumn: byColumn, outputSHA256: sha, seconds: (clock.now - start).seconds)
    }
}
