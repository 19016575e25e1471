import Fluent
import SQLKit
import Foundation
import Vapor

extension LinkageWorker {
    /// Rows written per transaction (`linkageStoreBatch`, 2,000): each holds the database's writer for a
    /// few milliseconds, so that requests (and SQLite's single writer) never wait behind a whole run's results.
    var storeBatch: Int { max(1, platform.config.linkageStoreBatch) }

    /// Stores a finished run's results, if the run is still this worker's (not cancelled, not claimed
    /// again): an earlier attempt's rows are removed, the new ones written in bounded batches, each
    /// only while the run is still this worker's, and then, in one short transaction, the run becomes
    /// `succeeded` — the moment its results are visible (`finishedAt`). Until then nothing reads them.
    func store(_ r: RunResult, job: LinkageJob, claim: UUID, progress: RunProgress? = nil) async throws {
        let id = try job.requireID(), projectID = job.projectID
        let report = String(decoding: try JSONEncoder().encode(r.report), as: UTF8.self)
        guard try await isMine(id, claim: claim, on: db) else { return }
        try await removeResults(of: id)
        typealias Batch = @Sendable (any Database) async throws -> Void
        // Rows go in as plain SQL inserts (`insertRows`), never as a Fluent model each: a run's results are
        // tens of thousands of rows, and building models for them would take the request threads' CPU.
        let batches: [Batch] = r.records.chunked(into: storeBatch).map { chunk -> Batch in
            { tx in
                try await tx.insertRows(LinkedRecord.schema, columns: ["id", "run_id", "dataset", "record_key", "person", "household"], chunk.map { x in
                    [UUID(), id, x.dataset, x.key, x.person, x.household]
                })
            }
        } + r.review.chunked(into: max(1, storeBatch / 4)).map { chunk -> Batch in
            { tx in
                try await tx.insertRows(ReviewPair.schema, columns: ["id", "run_id", "project_id", "dataset_a", "dataset_b", "key_a", "key_b", "weight",
                                                                     "probability", "explanation"], chunk.map { x in
                    [UUID(), id, projectID, x.datasetA, x.datasetB, x.keyA, x.keyB, x.weight, x.probability, x.explanation]
                })
            }
        }
        for (n, write) in batches.enumerated() {
            let wrote = try await db.retryingTransaction { tx in
                guard try await self.isMine(id, claim: claim, on: tx) else { return false }
                try await write(tx)
                return true
            }
            guard wrote else { return try await abandonResults(of: id, claim: claim) }
            progress?.set("storing results: \(Int(Double(n + 1) / Double(batches.count) * 100))%")
            if n == batches.count / 2 { Failpoint.hit("linkage.storing") }
            await Task.yield()
        }
        let audit = platform.audit, actor = "worker/\(name)"
        let stored: AuditLog.Staged? = try await db.retryingTransaction { tx in
            guard let current = try await LinkageJob.query(on: tx).filter(\.$id == id).filter(\.$claim == claim).first(),
                  current.status == RunStatus.running else { return nil }
            current.status = RunStatus.succeeded; current.report = report; current.finishedAt = self.now; current.progress = "done"
            try await current.save(on: tx)
            // Its event commits with it (the outbox): a worker stopped now leaves a run succeeded and recorded.
            return try await audit.stage(on: tx, at: self.now, actor: actor, organisation: nil, action: "linkage.succeed", object: "linkage-run/\(id)")
        }
        if let stored {
            try await audit.commit([stored], on: db)
        } else {
            try await abandonResults(of: id, claim: claim)
        }
    }

    /// Whether the run is still running under this claim. Inside a batch's transaction on PostgreSQL
    /// the run's row stays locked (`FOR UPDATE`) until the batch commits, so that a cancellation or a
    /// withdrawal (a destroyed input), and the removal of the rows that follows it, waits for a batch
    /// in flight instead of missing its rows (SQLite's single writer orders them anyway).
    func isMine(_ id: UUID, claim: UUID, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else {
            return try await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$claim == claim).first()?.status == RunStatus.running
        }
        let row = try await sql.select().column("status").from(LinkageJob.schema).where("id", .equal, id).where("claim", .equal, claim)
            .for(.update).first()
        return try row?.decode(column: "status", as: String.self) == RunStatus.running.rawValue
    }

    /// Rows written for a run that stopped being this worker's: removed if it was stopped or cancelled
    /// under this claim; left for the next claimer, which removes them first, if it was claimed again.
    func abandonResults(of id: UUID, claim: UUID) async throws {
        guard try await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$claim == claim).first() != nil else { return }
        try await removeResults(of: id)
    }

    /// Removes a run's result rows, a bounded batch per statement.
    func removeResults(of id: UUID) async throws {
        while true {
            let records = try await LinkedRecord.query(on: db).filter(\.$runID == id).field(\.$id).limit(storeBatch).all().compactMap(\.id)
            let pairs = try await ReviewPair.query(on: db).filter(\.$runID == id).field(\.$id).limit(storeBatch).all().compactMap(\.id)
            if records.isEmpty && pairs.isEmpty { return }
            if !records.isEmpty { try await LinkedRecord.query(on: db).filter(\.$id ~~ records).delete() }
            if !pairs.isEmpty { try await ReviewPair.query(on: db).filter(\.$id ~~ pairs).delete() }
        }
    }
}
