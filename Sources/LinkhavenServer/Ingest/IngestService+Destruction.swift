import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension IngestService {
    /// Destroys the given versions of a dataset (all that are not yet destroyed when `versions` is
    /// `nil`, and then the dataset itself): erases each data key, deletes each file, removes what was
    /// derived from it (`destroyDerived`: linkage results, review pairs and decisions, unreleased
    /// outputs; quality reports and issues; the uploads' staging keys), and issues a signed certificate
    /// listing each kind destroyed with counts and hashes. Safe to run again after a crash part-way.
    @discardableResult
    func destroy(_ dataset: Dataset, versions only: Set<Int>? = nil, reason: String, clause: String, actor: String) async throws -> DestructionCertificate {
        let datasetID = try dataset.requireID()
        if only == nil, dataset.status != .destroying {   // under the lock acceptances take, so none commits into it after
            let db = self.db
            try await platform.datasetLocks.withLock("\(dataset.projectID)/\(dataset.name)") { dataset.status = .destroying; try await dataset.save(on: db) }
        }
        Failpoint.hit("destruction.after-mark")
        let all = try await DatasetVersion.query(on: db).filter(\.$datasetID == datasetID).sort(\.$number).all()
        let targets = all.filter { only?.contains($0.number) ?? true }
        var keys = DestructionLedger(kind: "data keys erased"), versions = DestructionLedger(kind: "dataset versions (encrypted files deleted)")
        for v in targets {
            keys.add(["dataset-version", try v.requireID().uuidString])
            versions.add([String(v.number), v.contentSHA256, v.storedSHA256, String(v.rows)])
            guard v.status != VersionStatus.destroyed else { continue }   // key, report and status go together in one save
            // Crypto-shredding first, in the vault (which no backup holds), then in the database: without the key the file is noise.
            try platform.keyVault.shred(try v.requireID(), dataset: datasetID, wholeDataset: only == nil, at: now)
            v.wrappedKey = ""
            v.quality = ""           // derived: the quality report goes with the data
            v.status = VersionStatus.destroyed
            v.retiredAt = v.retiredAt ?? now
            try await v.save(on: db)
            Failpoint.hit("destruction.after-shred")
            try platform.store.remove(v.storedName)
        }
        let uploads = try await destroyUploads(of: dataset, versions: targets, all: only == nil, keys: &keys)
        let derivedRows = try await destroyDerived(of: dataset, versions: targets)
        let certified = targets.map {   // including any a crash left shredded before this run: all are certified
            DestructionCertificate.Version(version: $0.number, contentSHA256: $0.contentSHA256, storedSHA256: $0.storedSHA256, rows: $0.rows)
        }
        var derived = ["data quality reports"]
        let issues = try await QualityIssue.query(on: db).filter(\.$datasetID == datasetID).all()
        if !issues.isEmpty { derived.append("\(issues.count) data quality issue\(issues.count == 1 ? "" : "s") (descriptions)") }
        if only == nil { for i in issues { i.description = "(destroyed with the dataset)"; try await i.save(on: db) } }
        if !derivedRows.runs.isEmpty { derived.append("the results of \(derivedRows.runs.count) linkage run\(derivedRows.runs.count == 1 ? "" : "s") that read it (withdrawn)") }
        let certificateID = UUID()
        let cert = try DestructionCertificate(
            id: certificateID.uuidString, project: dataset.projectID.uuidString, dataset: datasetID.uuidString, datasetName: dataset.name,
            provider: dataset.provider.uuidString, versions: certified, derived: derived,
            destroyed: [uploads, versions.entry, keys.entry] + derivedRows.destroyed, kept: derivedRows.kept,
            destroyedAt: AuditLog.formatter.format(now), reason: reason, agreement: dataset.agreementID.uuidString, clause: clause
        ).signed(with: platform.signingKey)
        let m = CertificateModel()
        m.id = certificateID; m.datasetID = datasetID; m.createdAt = now
        m.document = String(decoding: try JSONEncoder().encode(cert), as: UTF8.self)
        try await db.transaction { tx in
            try await m.save(on: tx)
            if only == nil { dataset.status = .destroyed; try await dataset.save(on: tx) }
        }
        for v in targets {   // the certificate beside each erased key, where a restored database's copy of the key cannot reach
            try platform.keyVault.certify(try v.requireID(), dataset: datasetID, wholeDataset: only == nil, at: now,
                                          certificateID: certificateID, document: m.document)
        }
        try await audit(actor, dataset.provider, "dataset.destroy", "certificate/\(certificateID)")
        let parties = try await IngestPolicy.projectOrganisations(on: db, project: dataset.projectID)
        try await Notifier(app: app).notify(parties + [dataset.provider], kind: "destruction",
                                            subject: "Dataset '\(dataset.name)' (\(certified.count) version\(certified.count == 1 ? "" : "s")) was destroyed: \(reason)",
                                            object: "certificate/\(certificateID)")
        return cert
    }

    /// Destroys every active dataset whose retention has passed; returns the certificates.
    func sweepRetention() async throws -> [DestructionCertificate] {
        var certificates: [DestructionCertificate] = []
        for d in try await Dataset.query(on: db).filter(\.$status == DatasetStatus.active).filter(\.$retainUntil <= now).all() {
            certificates.append(try await destroy(d, reason: "retention expired on \(AuditLog.formatter.format(d.retainUntil))",
                                                  clause: "agreement section 7 (data retention)", actor: "platform"))
        }
        return certificates
    }

    /// After a crash: finish destructions that started, restart validations that were running,
    /// and delete stored files nothing refers to and staging files of finished uploads.
    func recover() async throws {
        for d in try await Dataset.query(on: db).filter(\.$status == DatasetStatus.destroying).all() {
            try await destroy(d, reason: "destruction resumed after an interruption", clause: "agreement section 7 (data retention)", actor: "platform")
        }
        try await reconcileKeyVault()
        let removedPartial = try platform.store.removeIncomplete()
        let live = Set(try await DatasetVersion.query(on: db).all().filter { !$0.wrappedKey.isEmpty }.map(\.storedName))
        var orphans = 0
        for name in try platform.store.names() where !live.contains(name) { try platform.store.remove(name); orphans += 1 }
        let uploads = try await Upload.query(on: db).all()
        let open = Set(uploads.filter(\.status.isOpen).compactMap(\.id))
        for id in platform.staging.ids() where !open.contains(id) { platform.staging.remove(id) }
        if removedPartial + orphans > 0 { app.logger.notice("recovery removed \(removedPartial) incomplete and \(orphans) unreferenced stored files") }
        for u in uploads where u.status == UploadStatus.validating {
            let service = self
            let id = try u.requireID()
            await platform.work.start { await service.validate(id) }
        }
    }
}

/// Starts the retention scheduler (expired data, expired agreements, abandoned uploads) with the server and waits for background work at shutdown.
struct IngestLifecycle: LifecycleHandler {
    final class TaskBox: @unchecked Sendable { var task: Task<Void, Never>? }
    let box = TaskBox()

    /// Synchronous, so that both boots start it (the test harness boots synchronously; `serve` asynchronously).
    func didBoot(_ app: Application) throws {
        let interval = app.platform.config.retentionSweepInterval
        guard interval > 0 else { return }
        box.task = Task {
            while !Task.isCancelled {
                do { _ = try await IngestService(app: app).sweepRetention() } catch { app.logger.report(error: error) }
                do { _ = try await AgreementExpiry.sweep(app) } catch { app.logger.report(error: error) }
                do { try await IngestService(app: app).sweepAbandonedUploads() } catch { app.logger.report(error: error) }
                do { try await app.platform.audit.recoverOutbox(on: app.db, before: Date() - 60) } catch { app.logger.report(error: error) }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        box.task?.cancel()
        await app.platform.work.drain()
        await app.platform.audit.settleAll(on: app.db)   // reads noted a moment ago
        await app.platform.hasher.shutdown()
        try? await app.platform.validationPool.shutdownGracefully()
    }
}
