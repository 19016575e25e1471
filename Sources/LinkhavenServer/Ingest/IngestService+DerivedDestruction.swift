import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// What destroying dataset versions removed besides the versions themselves, for the certificate.
struct DerivedDestruction: Sendable {
    var destroyed: [DestructionCertificate.Destroyed] = []
    var kept: [DestructionCertificate.Kept] = []
    /// The linkage runs withdrawn (or stopped) because they read a destroyed version.
    var runs: [UUID] = []
}

extension IngestService {
    /// Removes every record-level thing derived from `versions` of `dataset`: each linkage run that
    /// read one of them is stopped (if still going) or withdrawn, and its results go — every linked
    /// record and review pair of the run, since they mix the dataset with the others — with the
    /// clerical decisions on the dataset's records and the results of outputs not yet released.
    /// Released and published outputs (aggregates that passed disclosure control) stay, and are listed.
    /// Each step is idempotent, in the order that keeps it so: a destruction interrupted part-way
    /// and run again finds what is left (the dataset's record keys are read before anything that holds them goes).
    func destroyDerived(of dataset: Dataset, versions: [DatasetVersion]) async throws -> DerivedDestruction {
        let versionIDs = Set(versions.compactMap(\.id))
        var out = DerivedDestruction()
        let runs = try await LinkageJob.query(on: db).filter(\.$projectID == dataset.projectID).all().filter { run in
            ((try? JSONDecoder().decode([RunInput].self, from: Data(run.inputs.utf8))) ?? []).contains { versionIDs.contains($0.version) }
        }
        out.runs = try runs.map { try $0.requireID() }
        guard !out.runs.isEmpty else { return out }
        try await withdraw(runs)
        let keys = try await recordKeys(of: dataset.name, in: out.runs)
        out.destroyed.append(try await destroyDecisions(project: dataset.projectID, keys: keys))
        let (outputs, kept) = try await withdrawOutputs(of: out.runs)
        out.destroyed.append(outputs); out.kept = kept
        out.destroyed.append(try await destroyRows(ReviewPair.self, of: out.runs, kind: "review pairs") {
            [$0.runID.uuidString, $0.datasetA, $0.keyA, $0.datasetB, $0.keyB, String($0.weight)]
        })
        out.destroyed.append(try await destroyRows(LinkedRecord.self, of: out.runs, kind: "linked records") {
            [$0.runID.uuidString, $0.dataset, $0.recordKey, String($0.person), String($0.household)]
        })
        return out
    }

    /// The uploads that brought the versions (every upload of the dataset when it is destroyed whole):
    /// listed, and any still receiving abandoned, its staging file and key gone with it (one being
    /// validated is refused when it would commit: `commitVersion` accepts only into an active dataset).
    func destroyUploads(of dataset: Dataset, versions: [DatasetVersion], all: Bool, keys: inout DestructionLedger) async throws -> DestructionCertificate.Destroyed {
        var ledger = DestructionLedger(kind: "uploads")
        let versionIDs = Set(versions.compactMap(\.id))
        let uploads = try await Upload.query(on: db).filter(\.$projectID == dataset.projectID).filter(\.$dataset == dataset.name).all()
            .filter { u in all || u.versionID.map(versionIDs.contains) == true }
        for u in uploads {
            let id = try u.requireID()
            ledger.add([id.uuidString, u.sha256, String(u.size), u.status.rawValue])
            keys.add(["upload", id.uuidString])
            if u.status.allows(.abandoned) {
                try await finish(u, status: .abandoned, problems: [UploadProblem(line: nil, column: nil, reason: "the dataset was destroyed; nothing of this upload was kept")])
                try await audit("platform", u.organisation, "upload.abandon", "upload/\(id)", outcome: "destroyed with the dataset")
            }
            platform.staging.remove(id)
        }
        return ledger.entry
    }

    /// Stops the runs still going (a worker storing results finds its run no longer its own and
    /// removes what it wrote) and withdraws those that succeeded, each audited.
    private func withdraw(_ runs: [LinkageJob]) async throws {
        for run in runs {
            let id = try run.requireID()
            let next: RunStatus
            switch run.status {
            case .queued, .running: next = .cancelled
            case .succeeded: next = .withdrawn
            case .failed, .cancelled, .withdrawn: continue
            }
            try await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$status == run.status)
                .set(\.$status, to: next).set(\.$finishedAt, to: run.finishedAt ?? now)
                .set(\.$progress, to: next == .cancelled ? "cancelled" : "withdrawn")
                .set(\.$error, to: "a dataset version it read was destroyed, and its results with it").update()
            try await audit("platform", nil, next == .cancelled ? "linkage.cancel" : "linkage.withdraw", "linkage-run/\(id)")
        }
    }

    /// The project keys of the dataset's records in the runs' results (linked records and review pairs).
    private func recordKeys(of dataset: String, in runs: [UUID]) async throws -> Set<String> {
        var keys = Set(try await LinkedRecord.query(on: db).filter(\.$runID ~~ runs).filter(\.$dataset == dataset).field(\.$recordKey).all().map(\.recordKey))
        for p in try await ReviewPair.query(on: db).filter(\.$runID ~~ runs).all() {
            if p.datasetA == dataset { keys.insert(p.keyA) }
            if p.datasetB == dataset { keys.insert(p.keyB) }
        }
        return keys
    }

    /// Clerical decisions on any of the dataset's records: made by looking at its data, they go with it.
    private func destroyDecisions(project: UUID, keys: Set<String>) async throws -> DestructionCertificate.Destroyed {
        var ledger = DestructionLedger(kind: "clerical decisions")
        let decisions = try await ClericalDecision.query(on: db).filter(\.$projectID == project).all()
            .filter { keys.contains($0.keyA) || keys.contains($0.keyB) }
        for d in decisions { ledger.add([d.keyA, d.keyB, d.isMatch ? "match" : "non-match"]) }
        for chunk in decisions.compactMap(\.id).chunked(into: storeBatch) {
            try await ClericalDecision.query(on: db).filter(\.$id ~~ chunk).delete()
        }
        return ledger.entry
    }

    /// Outputs made from the runs: those not yet released are withdrawn, their results destroyed;
    /// released and published ones are kept.
    private func withdrawOutputs(of runs: [UUID]) async throws -> (DestructionCertificate.Destroyed, [DestructionCertificate.Kept]) {
        var ledger = DestructionLedger(kind: "unreleased output results")
        var kept: [DestructionCertificate.Kept] = []
        for o in try await AnalysisOutput.query(on: db).filter(\.$runID ~~ runs).sort(\.$createdAt).all() {
            let id = try o.requireID()
            let title = AnalysisOutput.title(definition: o.definition)
            if o.status.isReleased { kept.append(.init(output: id.uuidString, title: title, status: o.status.rawValue)); continue }
            guard o.status != .withdrawn, let result = try? JSONDecoder().decode(AnalysisResult.self, from: Data(o.result.utf8)) else { continue }
            ledger.add([id.uuidString, Self.sha256Hex(o.result)])
            // What is left says only that nothing is shown, under the rules it was checked by.
            let emptied = AnalysisResult(population: 0, findings: [], withheld: true, rules: result.rules)
            o.status = .withdrawn
            o.result = String(decoding: try JSONEncoder().encode(emptied), as: UTF8.self)
            try await o.save(on: db)
            try await audit("platform", nil, "output.withdraw", "output/\(id)")
        }
        return (ledger.entry, kept)
    }

    /// Deletes every row of `Row` belonging to the runs, a bounded batch per statement, listing each.
    private func destroyRows<Row: RunResultRow>(_: Row.Type, of runs: [UUID], kind: String,
                                                fields: (Row) -> [String]) async throws -> DestructionCertificate.Destroyed {
        var ledger = DestructionLedger(kind: kind)
        while true {
            let rows = try await Row.query(on: db).filter(Row.run ~~ runs).limit(storeBatch).all()
            if rows.isEmpty { return ledger.entry }
            for r in rows { ledger.add(fields(r)) }
            try await Row.query(on: db).filter(\Row._$id ~~ rows.compactMap(\.id)).delete()
        }
    }

    /// Rows per statement when deleting derived rows (the linkage store's batch).
    var storeBatch: Int { max(1, platform.config.linkageStoreBatch) }

    static func sha256Hex(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined() }
}

/// A row of a linkage run's results.
protocol RunResultRow: Model where IDValue == UUID {
    /// The row's run.
    static var run: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension LinkedRecord: RunResultRow { static var run: KeyPath<LinkedRecord, FieldProperty<LinkedRecord, UUID>> { \.$runID } }
extension ReviewPair: RunResultRow { static var run: KeyPath<ReviewPair, FieldProperty<ReviewPair, UUID>> { \.$runID } }
