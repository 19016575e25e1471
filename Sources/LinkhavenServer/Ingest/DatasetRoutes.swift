import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension Request {
    /// The dataset, if the caller may see inside its project (others get 404).
    func datasetWithAccess(_ c: Caller) async throws -> Dataset {
        guard let d = try await Dataset.find(parameters.get("dataset", as: UUID.self), on: db) else { throw Abort(.notFound, reason: "no such dataset for you") }
        _ = try await projectWithAccess(c, id: d.projectID, object: "dataset")
        return d
    }

    func datasetOut(_ d: Dataset) async throws -> DatasetOut {
        try await datasetOuts([d])[0]
    }

    /// The datasets with their versions, read in one query for all of them — only the columns shown: a version's
    /// manifest and quality report (kilobytes of JSON each) are not read for a list.
    func datasetOuts(_ ds: [Dataset]) async throws -> [DatasetOut] {
        let ids = try ds.map { try $0.requireID() }
        let versions = ids.isEmpty ? [:] : Dictionary(grouping: try await DatasetVersion.query(on: db).filter(\.$datasetID ~~ ids)
            .field(\.$id).field(\.$datasetID).field(\.$number).field(\.$status).field(\.$rows).field(\.$bytes).field(\.$contentSHA256)
            .field(\.$acceptedAt).field(\.$retiredAt).sort(\.$number).all(), by: \.datasetID)
        return try ds.map { d in
            DatasetOut(id: try d.requireID(), project: d.projectID, name: d.name, provider: d.provider, status: d.status,
                       retainUntil: d.retainUntil, extensionsUsed: d.extensionsUsed, versions: (versions[try d.requireID()] ?? []).map {
                VersionOut(number: $0.number, status: $0.status, rows: $0.rows, bytes: $0.bytes, contentSHA256: $0.contentSHA256,
                           acceptedAt: $0.acceptedAt, retiredAt: $0.retiredAt, stale: $0.status != VersionStatus.current)
            })
        }
    }

    /// The caller acts for the dataset's provider (its admin, signatory or provider), or is refused.
    func requireProvider(_ c: Caller, of d: Dataset, _ action: String) async throws {
        guard c.organisationID == d.provider, [.orgAdmin, .signatory, .provider].contains(c.role) else {
            throw try await deny(c, action, "only the providing organisation does this")
        }
    }
}

func datasetRoutes(_ api: any RoutesBuilder) {
    api.on(API.datasets) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        let out = try await req.datasetOuts(try await Dataset.query(on: req.db).filter(\.$projectID == p.requireID()).sort(\.$name).all())
        req.auditRead(c, organisation: c.organisation, action: "dataset.list", object: "project/\(try p.requireID())")
        return out
    }

    api.on(API.dataset) { req in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        req.auditRead(c, organisation: c.organisation, action: "dataset.read", object: "dataset/\(try d.requireID())")
        return try await req.datasetOut(d)
    }

    api.on(API.versionQuality) { req in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        guard let n = req.parameters.get("n", as: Int.self),
              let v = try await DatasetVersion.query(on: req.db).filter(\.$datasetID == d.requireID()).filter(\.$number == n).first() else {
            throw Abort(.notFound, reason: "no such version")
        }
        guard !v.quality.isEmpty else { throw Abort(.gone, reason: "this version was destroyed, with its quality report") }
        req.auditRead(c, organisation: c.organisation, action: "dataset.quality.read", object: "dataset-version/\(try v.requireID())")
        return try JSONDecoder().decode(DataQualityReport.self, from: Data(v.quality.utf8))
    }

    /// Retracting a version destroys it at once (with a certificate); results built on it are stale.
    api.on(API.retractVersion) { req in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        try await req.requireProvider(c, of: d, "dataset.version.retract")
        guard let n = req.parameters.get("n", as: Int.self),
              let v = try await DatasetVersion.query(on: req.db).filter(\.$datasetID == d.requireID()).filter(\.$number == n).first(),
              v.status != VersionStatus.destroyed else { throw Abort(.notFound, reason: "no such version, or it is already destroyed") }
        try await req.audit(c, organisation: c.organisation, action: "dataset.version.retract", object: "dataset-version/\(try v.requireID())")
        return try await IngestService(app: req.application).destroy(d, versions: [n], reason: "version \(n) retracted by the provider",
                                                                     clause: "agreement section 8 (accuracy)", actor: c.actor)
    }

    api.on(API.destroyDataset) { req in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        try await req.requireProvider(c, of: d, "dataset.destroy")
        guard d.status.allows(.destroying) else { throw Abort(.conflict, reason: "the dataset is already \(d.status.rawValue)") }
        return try await IngestService(app: req.application).destroy(d, reason: "destroyed early at the provider's request",
                                                                     clause: "agreement section 7 (data retention)", actor: c.actor)
    }

    /// Extends retention by one agreed increment (agreement section 7), by the agreement's owner.
    api.on(API.extendRetention) { req, input in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        guard let a = try await Agreement.find(d.agreementID, on: req.db), c.organisationID == a.owner, [.orgAdmin, .signatory].contains(c.role) else {
            throw try await req.deny(c, "dataset.extend", "only the agreement's owner extends retention")
        }
        try await req.govern(.retentionExtension, project: d.projectID, datasets: [d.name], c)
        let doc = try AgreementDocumentCache.decode(a.document)
        guard d.status == .active, d.extensionsUsed < doc.retention.extensions, doc.retention.extensionMonths > 0 else {
            throw Abort(.conflict, reason: "the agreement allows \(doc.retention.extensions) extension(s); \(d.extensionsUsed) used")
        }
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard reason.count <= 500 else { throw Abort(.unprocessableEntity, reason: "the reason is at most 500 characters") }
        try refuseIdentifiers(reason)
        d.retainUntil = Calendar(identifier: .gregorian).date(byAdding: .month, value: doc.retention.extensionMonths, to: d.retainUntil) ?? d.retainUntil
        d.extensionsUsed += 1
        try await d.save(on: req.db)
        let until = AuditLog.formatter.format(d.retainUntil)
        try await req.audit(c, organisation: c.organisation, action: "dataset.extend", object: "dataset/\(try d.requireID())",
                            outcome: reason.isEmpty ? "success: retained until \(until)" : UserAdmin.outcome("retained until \(until)", reason))
        return try await req.datasetOut(d)
    }

    api.on(API.certificates) { req in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        req.auditRead(c, organisation: c.organisation, action: "certificate.list", object: "dataset/\(try d.requireID())")
        return try await CertificateModel.query(on: req.db).filter(\.$datasetID == d.requireID()).sort(\.$createdAt).all()
            .map { try JSONDecoder().decode(DestructionCertificate.self, from: Data($0.document.utf8)) }
    }

    /// The retention sweep, on demand (the scheduler runs it hourly).
    api.on(API.retentionSweep) { req in
        let c = try await req.caller()
        guard c.role == .operator_ else { throw try await req.deny(c, "retention.sweep", "only the operator runs the retention sweep") }
        try await req.audit(c, organisation: nil, action: "retention.sweep", object: "datasets")
        return try await IngestService(app: req.application).sweepRetention()
    }

    /// Registers the project's linkage spec (the body) and the project key's fingerprint (`?keyFingerprint=`).
    api.on(API.registerLinkage) { req, document in
        let c = try await req.caller()
        let (project, _) = try await req.projectForMember(c)
        guard [.orgAdmin, .signatory].contains(c.role) else { throw try await req.deny(c, "project.linkage", "only an admin or signatory registers the linkage spec") }
        guard !document.text.isEmpty, let fingerprint = req.query[String.self, at: "keyFingerprint"],
              (8...128).contains(fingerprint.count), fingerprint.allSatisfy({ $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" }) else {
            throw Abort(.badRequest, reason: "send the linkage spec as the body and the project key's fingerprint as ?keyFingerprint=")
        }
        let spec: LinkageSpec
        do { spec = try SpecLoader.load(data: Data(document.text.utf8), file: Project.registeredSpecName) } catch let e as SpecError {
            throw Abort(.unprocessableEntity, reason: e.description)
        }
        let docs = try await Agreement.query(on: req.db).filter(\.$project.$id == project.requireID()).all()
            .compactMap(\.decodedDocument)
        let problems = IngestPolicy.specProblems(spec, agreements: docs)
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: "the spec goes beyond the agreements: " + problems.joined(separator: "; ")) }
        project.linkageSpec = document.text
        project.keyFingerprint = fingerprint
        try await project.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "project.linkage", object: "project/\(try project.requireID())")
        return NoBody()
    }
}
