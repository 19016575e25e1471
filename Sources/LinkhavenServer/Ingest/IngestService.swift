import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Ingest's work that is not one request: validating a completed upload, destroying data,
/// the retention sweep, and putting things right after a crash.
struct IngestService {
    let app: Application
    var db: any Database { app.backgroundDB }
    var platform: Platform { app.platform }
    var now: Date { platform.config.now() }

    func audit(_ actor: String, _ org: UUID?, _ action: String, _ object: String, outcome: String = "success") async throws {
        try await platform.audit.record(on: db, at: now, actor: actor, organisation: org?.uuidString, action: action, object: object, outcome: outcome)
    }

    /// Stages an event in `tx`, the transaction of the change it records (chained by `platform.audit.commit` after).
    func stage(_ tx: any Database, _ actor: String, _ org: UUID?, _ action: String, _ object: String, outcome: String = "success") async throws -> AuditLog.Staged {
        try await platform.audit.stage(on: tx, at: now, actor: actor, organisation: org?.uuidString, action: action, object: object, outcome: outcome)
    }

    /// Validates a completed upload and records the outcome; run in the background.
    /// An unexpected failure ends the upload as rejected (a crash instead leaves it for recovery), so
    /// that nothing is left half-checked and the provider knows to send it again.
    func validate(_ id: UUID) async {
        do { try await validateOrThrow(id) } catch {
            app.logger.report(error: error)
            guard !(error is CancellationError),
                  let u = try? await Upload.find(id, on: db), u.status == UploadStatus.validating else { return }
            let problem = UploadProblem(line: nil, column: nil, reason: "the platform could not finish checking this upload; nothing of it was kept. Please upload it again")
            do {
                try await finish(u, status: .rejected, problems: [problem])
                try await audit("platform", u.organisation, "upload.reject", "upload/\(id)", outcome: "error")
            } catch { app.logger.report(error: error) }
        }
    }

    func validateOrThrow(_ id: UUID) async throws {
        guard let u = try await Upload.find(id, on: db), u.status == UploadStatus.validating,
              let project = try await Project.find(u.projectID, on: db) else { return }
        let manifest = try JSONDecoder().decode(PseudonymisationManifest.self, from: Data(u.manifest.utf8))
        guard let columns = try project.registeredSpec()?.outputColumns(of: u.dataset) else { return }
        let stagingKey = try platform.masterKey.unwrap(u.wrappedKey, context: .upload(id))
        let versionID = UUID()
        let (dataKey, wrapped) = try platform.masterKey.newDataKey(context: .version(versionID))
        let validator = UploadValidator(id: id, manifest: manifest, columns: columns, declaredSize: u.size, declaredSHA256: u.sha256,
                                        gzip: u.encoding == "gzip")
        let staging = platform.staging, store = platform.store, storedName = "v-\(versionID.uuidString)"
        let outcome: UploadValidator.Outcome
        do {
            outcome = try await platform.validationPool.runIfActive {
                LinkhavenCore.System.lowerThreadPriority()
                return try validator.run(staging: try staging.reader(id, key: stagingKey), store: store, storedName: storedName, dataKey: dataKey)
            }
        } catch let f as ValidationFailure {
            outcome = .rejected([UploadProblem(line: nil, column: nil, reason: f.description)])
        } catch let e as CSVError {
            outcome = .rejected([UploadProblem(line: nil, column: nil, reason: "the file is not a readable CSV: \(e)")])
        }
        switch outcome {
        case .accepted(let storedSHA, let rows, let bytes, let quality):
            Failpoint.hit("validation.before-commit")
            do {
                try platform.keyVault.put(versionID, wrapped: wrapped)   // the key outside the database (and its backups)
                try await accept(u, project: project, manifest: manifest, versionID: versionID, wrappedKey: KeyVault.marker, storedName: storedName,
                                 storedSHA: storedSHA, rows: rows, bytes: bytes, quality: quality)
            } catch {
                // Not committed: keep nothing. (Committed, and something after failed — the audit, a notification — or
                // the database cannot say: keep both; a file nothing refers to is removed at the next start.)
                var committed = true
                do { committed = try await DatasetVersion.find(versionID, on: db) != nil } catch {}
                if !committed {
                    try? store.remove(storedName)
                    platform.keyVault.discard(versionID)
                }
                throw error
            }
        case .rejected(let problems):
            try await finish(u, status: .rejected, problems: problems)
            try await audit("platform", u.organisation, "upload.reject", "upload/\(id)", outcome: "rejected")
        case .breach(let report):
            try await breach(u, report: report)
        }
    }

    /// Deletes the staging bytes and key, and records how the upload ended.
    func finish(_ u: Upload, status: UploadStatus, problems: [UploadProblem], on tx: (any Database)? = nil) async throws {
        guard u.status.allows(status) else { throw Abort(.conflict, reason: "the upload is \(u.status.rawValue); it cannot become \(status.rawValue)") }
        platform.staging.remove(try u.requireID())
        u.status = status
        u.wrappedKey = ""
        u.problems = String(decoding: try JSONEncoder().encode(problems), as: UTF8.self)
        u.updatedAt = now
        try await u.save(on: tx ?? db)
        if tx == nil { platform.metrics.uploadEnded(channel: u.channel, status: status, bytes: u.size) }   // else counted once committed
    }

    /// Commits a checked upload as its dataset's next version (one acceptance per dataset at a time), or
    /// rejects it if the agreement stopped being APPROVED while it was checked.
    func accept(_ u: Upload, project: Project, manifest: PseudonymisationManifest, versionID: UUID, wrappedKey: String, storedName: String,
                storedSHA: String, rows: Int, bytes: Int, quality: DataQualityReport) async throws {
        let projectID = try project.requireID()
        let service = self
        let (committed, gone): ((DatasetVersion, AuditLog.Staged)?, Bool) = try await platform.datasetLocks.withLock("\(projectID)/\(u.dataset)") {
            guard let agreement = try await IngestPolicy.approvedAgreement(on: service.db, project: projectID, dataset: u.dataset,
                                                                           provider: u.organisation, now: service.now) else { return (nil, false) }
            do {
                return (try await service.commitVersion(u, projectID: projectID, agreement: agreement, manifest: manifest, versionID: versionID,
                                                        wrappedKey: wrappedKey, storedName: storedName, storedSHA: storedSHA, rows: rows,
                                                        bytes: bytes, quality: quality), false)
            } catch is DatasetGone { return (nil, true) }
        }
        guard let (version, accepted) = committed else {
            try? platform.store.remove(storedName)
            platform.keyVault.discard(versionID)
            let refusal = try await ProjectGovernance.refusal(on: db, project: projectID, .upload, datasets: [u.dataset], now: now)
            let reason = gone ? "the dataset '\(u.dataset)' was destroyed while this upload was checked"
                : refusal?.reason ?? "the agreement for '\(u.dataset)' no longer has your organisation providing it"
            try await finish(u, status: .rejected, problems: [UploadProblem(line: nil, column: nil, reason: reason + "; nothing was kept")])
            try await audit("platform", u.organisation, "upload.reject", "upload/\(try u.requireID())", outcome: "rejected")
            return
        }
        platform.metrics.uploadEnded(channel: u.channel, status: .accepted, bytes: u.size)
        try await platform.audit.commit([accepted], on: db)   // "upload.accept", committed with the version
        let parties = try await IngestPolicy.projectOrganisations(on: db, project: projectID)
        try await Notifier(app: app).notify(parties, kind: "dataset.version", subject: "Dataset '\(u.dataset)' version \(version.number) was accepted; its data quality report is ready",
                                            object: "dataset-version/\(versionID)")
    }

    private func commitVersion(_ u: Upload, projectID: UUID, agreement: (Agreement, AgreementDocument), manifest: PseudonymisationManifest,
                               versionID: UUID, wrappedKey: String, storedName: String, storedSHA: String, rows: Int, bytes: Int,
                               quality: DataQualityReport) async throws -> (DatasetVersion, AuditLog.Staged) {
        let at = now
        return try await db.retryingTransaction { tx -> (DatasetVersion, AuditLog.Staged) in
            var dataset = try await Dataset.query(on: tx).filter(\.$projectID == projectID).filter(\.$name == u.dataset).first()
            if dataset == nil {
                let d = Dataset()
                d.projectID = projectID; d.name = u.dataset; d.provider = u.organisation; d.status = .active
                d.agreementID = try agreement.0.requireID()
                d.retainUntil = Calendar(identifier: .gregorian).date(byAdding: .month, value: agreement.1.retention.months, to: at) ?? at
                d.extensionsUsed = 0; d.createdAt = at
                try await d.save(on: tx)
                dataset = d
            }
            guard dataset!.status == .active else { throw DatasetGone() }
            let datasetID = try dataset!.requireID()
            let previous = try await DatasetVersion.query(on: tx).filter(\.$datasetID == datasetID).sort(\.$number, .descending).all()
            for p in previous where p.status == VersionStatus.current { p.status = VersionStatus.replaced; p.retiredAt = at; try await p.save(on: tx) }
            let v = DatasetVersion()
            v.id = versionID; v.datasetID = datasetID; v.number = (previous.first?.number ?? 0) + 1; v.status = VersionStatus.current
            v.contentSHA256 = manifest.fileSHA256.lowercased(); v.storedSHA256 = storedSHA; v.storedName = storedName; v.wrappedKey = wrappedKey
            v.rows = rows; v.bytes = bytes; v.manifest = u.manifest
            v.quality = String(decoding: try JSONEncoder().encode(quality), as: UTF8.self)
            v.uploadID = try u.requireID(); v.acceptedAt = at
            try await v.save(on: tx)
            u.versionID = versionID
            try await finish(u, status: .accepted, problems: [], on: tx)
            return (v, try await stage(tx, "platform", u.organisation, "upload.accept", "dataset-version/\(versionID)"))
        }
    }

    /// The breach procedure (protocol section 10): delete every byte now, record the incident, tell the provider.
    func breach(_ u: Upload, report: ScanReport) async throws {
        let id = try u.requireID()
        platform.staging.remove(id)
        let incident = Incident()
        incident.organisation = u.organisation; incident.projectID = u.projectID; incident.dataset = u.dataset; incident.uploadID = id
        incident.kind = .unpseudonymised; incident.datasets = Incident.encode([u.dataset]); incident.outputs = "[]"
        incident.affected = Incident.encode([u.organisation]); incident.controller = u.organisation
        incident.description = "The breach guard found data that was not pseudonymised in an upload of '\(u.dataset)'; the file was rejected and every byte of it deleted."
        incident.severity = 3; incident.likelihood = 1; incident.discoveredAt = now
        incident.findings = String(decoding: try JSONEncoder().encode(report.findings), as: UTF8.self)
        incident.status = .open; incident.cause = ""; incident.lessons = ""; incident.reportedToRegulator = false
        incident.regulatorReference = ""; incident.createdAt = now
        incident.id = UUID()
        let subject = "A file for '\(u.dataset)' held data that was not pseudonymised. It was rejected and deleted; an incident is open."
        let notifier = Notifier(app: app), object = "incident/\(try incident.requireID())"
        // The provider is told in the same transaction that makes the upload `breach`: whoever sees the
        // outcome finds the notification with it.
        let (told, staged) = try await db.transaction { tx in
            try await incident.save(on: tx)
            u.incidentID = try incident.requireID()
            try await finish(u, status: .breach, problems: report.findings.map {
                UploadProblem(line: $0.lines.first, column: $0.column,
                              reason: "\($0.count) × \($0.kind.label)\($0.placement.map { " \($0.label)" } ?? "") (lines \($0.lines.map(String.init).joined(separator: ", ")))")
            }, on: tx)
            let at = try await notifier.record([u.organisation], kind: "breach", subject: subject, object: object, on: tx)
            return (at, [try await stage(tx, "platform", u.organisation, "upload.breach", "upload/\(id)", outcome: "rejected"),
                         try await stage(tx, "platform", u.organisation, "incident.create", object)])
        }
        platform.metrics.uploadEnded(channel: u.channel, status: .breach, bytes: u.size)
        platform.metrics.breachGuardRefused(channel: u.channel, kinds: Set(report.findings.map(\.kind)))
        try await platform.audit.commit(staged, on: db)
        await notifier.deliver([u.organisation], kind: "breach", subject: subject, object: object, at: told)
    }
}

/// An upload would commit into a dataset that is being, or has been, destroyed.
struct DatasetGone: Error {}
