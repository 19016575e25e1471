import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension Request {
    /// The upload, if the presented API token's organisation made it.
    func uploadForToken() async throws -> (Upload, APIToken) {
        let t = try await apiToken(for: .upload)
        guard let u = try await Upload.find(parameters.get("id", as: UUID.self), on: db), u.organisation == t.organisation else {
            throw Abort(.notFound, reason: "no such upload for your organisation")
        }
        return (u, t)
    }

    func uploadOut(_ u: Upload, duplicate: Bool? = nil) async throws -> UploadOut {
        let id = try u.requireID()
        let received = u.status == UploadStatus.receiving ? try platform.staging.received(id).bytes : u.size
        let version = u.versionID == nil ? nil : try await DatasetVersion.find(u.versionID, on: db)?.number
        let problems = (try? JSONDecoder().decode([UploadProblem].self, from: Data(u.problems.utf8))) ?? []
        return UploadOut(id: id, project: u.projectID, dataset: u.dataset, status: u.status, received: received, size: u.size,
                         problems: problems, version: version, incident: u.incidentID, duplicate: duplicate)
    }
}

func uploadRoutes(_ api: any RoutesBuilder) {
    /// Announces an upload: everything that can be checked before any byte is sent is checked here.
    api.on(API.createUpload) { req, input in
        let t = try await req.apiToken(for: .upload)
        let actor = "token/\(try t.requireID())"
        func refuse(_ status: HTTPStatus, _ reason: String) async throws -> Abort {
            try await req.platform.audit.record(on: req.db, at: req.now, actor: actor, organisation: t.organisation.uuidString,
                                                action: "upload.create", object: "upload", outcome: "denied")
            return Abort(status, reason: reason)
        }
        let m = input.manifest
        guard (1...(1 << 42)).contains(input.size), input.sha256.count == 64, input.sha256.allSatisfy(\.isHexDigit),
              ["identity", "gzip"].contains(input.encoding ?? "identity"), m.format == PseudonymisationManifest.currentFormat,
              (1...200).contains(m.dataset.count), m.fileSHA256.count == 64 else {
            throw Abort(.unprocessableEntity, reason: "size (bytes), sha256 (64 hex digits of the bytes sent), encoding identity|gzip and a linkhaven-manifest/1 manifest are required")
        }
        guard let project = try await Project.find(input.project, on: req.db), t.project == nil || t.project == input.project,
              t.dataset == nil || t.dataset == m.dataset else {
            throw try await refuse(.notFound, "no such project for this API token")
        }
        guard try await IngestPolicy.covers(on: req.db, project: input.project, dataset: m.dataset, provider: t.organisation) else {
            throw try await refuse(.forbidden, "no agreement of this project has your organisation providing dataset '\(m.dataset)'")
        }
        try await req.govern(.upload, project: input.project, datasets: [m.dataset], actor: actor, organisation: t.organisation.uuidString)
        guard let spec = try project.registeredSpec(), let columns = spec.outputColumns(of: m.dataset), !project.keyFingerprint.isEmpty else {
            throw try await refuse(.conflict, "the project has no registered linkage spec and key fingerprint for '\(m.dataset)' yet")
        }
        guard ConstantTime.equal(Array(m.keyFingerprint.utf8), Array(project.keyFingerprint.utf8)) else {
            throw try await refuse(.unprocessableEntity, "the file was made with a different project key (fingerprint \(m.keyFingerprint), the project's is \(project.keyFingerprint)); nothing was uploaded")
        }
        guard m.project == spec.project, m.specVersion == spec.version else {
            throw try await refuse(.unprocessableEntity, "the file was made with spec '\(m.project)' version \(m.specVersion); the project's is '\(spec.project)' version \(spec.version)")
        }
        guard m.columns == columns.map(\.name) else {
            let missing = columns.map(\.name).filter { !m.columns.contains($0) }
            throw try await refuse(.unprocessableEntity, "the file's columns are not exactly the agreed ones" + (missing.isEmpty ? "" : " (missing: \(missing.joined(separator: ", ")))"))
        }
        // Idempotent by content: the same file again is the version already accepted, or the upload already under way.
        if let d = try await Dataset.query(on: req.db).filter(\.$projectID == input.project).filter(\.$name == m.dataset).first(),
           let v = try await DatasetVersion.query(on: req.db).filter(\.$datasetID == d.requireID()).filter(\.$contentSHA256 == m.fileSHA256.lowercased())
            .filter(\.$status == VersionStatus.current).first(), let u = try await Upload.find(v.uploadID, on: req.db) {
            req.replyStatus = .ok
            return try await req.uploadOut(u, duplicate: true)
        }
        if let u = try await Upload.query(on: req.db).filter(\.$organisation == t.organisation).filter(\.$projectID == input.project)
            .filter(\.$dataset == m.dataset).filter(\.$sha256 == input.sha256.lowercased())
            .filter(\.$status ~~ [UploadStatus.receiving, UploadStatus.validating]).first() {
            req.replyStatus = .ok
            return try await req.uploadOut(u, duplicate: true)
        }
        let u = Upload()
        let id = UUID()
        u.id = id; u.projectID = input.project; u.dataset = m.dataset; u.organisation = t.organisation; u.tokenID = try t.requireID()
        u.manifest = String(decoding: try JSONEncoder().encode(m), as: UTF8.self)
        u.size = input.size; u.sha256 = input.sha256.lowercased(); u.encoding = input.encoding ?? "identity"
        u.status = UploadStatus.receiving; u.problems = "[]"; u.createdAt = req.now; u.updatedAt = req.now
        u.wrappedKey = try req.platform.masterKey.newDataKey(context: .upload(id)).1
        try await u.save(on: req.db)
        try await req.platform.audit.record(on: req.db, at: req.now, actor: actor, organisation: t.organisation.uuidString, action: "upload.create", object: "upload/\(id)")
        return try await req.uploadOut(u)
    }

    /// The caller's organisation's uploads to a project, newest first (for the web interface).
    api.on(API.projectUploads) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        guard let org = c.organisationID else { return [] }
        var out: [UploadOut] = []
        for u in try await Upload.query(on: req.db).filter(\.$projectID == p.requireID()).filter(\.$organisation == org)
            .sort(\.$createdAt, .descending).range(..<200).all() { out.append(try await req.uploadOut(u)) }
        return out
    }

    api.on(API.upload) { req in
        let (u, _) = try await req.uploadForToken()
        return try await req.uploadOut(u)
    }

    /// The data quality report of the version an accepted upload became, for the provider's tool.
    api.on(API.uploadQuality) { req in
        let (u, _) = try await req.uploadForToken()
        guard let versionID = u.versionID, let v = try await DatasetVersion.find(versionID, on: req.db), !v.quality.isEmpty else {
            throw Abort(.conflict, reason: "the upload is \(u.status), not accepted (or its version was destroyed); it has no data quality report")
        }
        return try JSONDecoder().decode(DataQualityReport.self, from: Data(v.quality.utf8))
    }

    /// Appends bytes at `Upload-Offset` (which must be the bytes received so far), streaming.
    api.on(API.uploadContent) { req in
        let (u, t) = try await req.uploadForToken()
        let id = try u.requireID()
        try await req.govern(.upload, project: u.projectID, datasets: [u.dataset], actor: "token/\(try t.requireID())", organisation: t.organisation.uuidString)
        guard u.status == UploadStatus.receiving else { throw Abort(.conflict, reason: "the upload is \(u.status); it takes no more bytes") }
        let key = try req.platform.masterKey.unwrap(u.wrappedKey, context: .upload(id))
        let staging = req.platform.staging
        try await req.platform.uploadLocks.withLock(id) {
            // Looked at again under the lock: the abandoned-upload sweep may have ended it meanwhile.
            let status = try await Upload.find(id, on: req.db)?.status ?? u.status
            guard status == UploadStatus.receiving else { throw Abort(.conflict, reason: "the upload is \(status); it takes no more bytes") }
            let (received, records) = try staging.received(id)
            guard let offset = req.headers.first(name: "Upload-Offset").flatMap(Int.init), offset == received else {
                throw Abort(.conflict, reason: "send from Upload-Offset \(received): that is what has arrived safely")
            }
            let sink = StagedAppend(id: id, key: key, staging: staging, size: u.size, received: received, records: records,
                                    pool: req.application.threadPool)
            try await req.body.eachChunk(on: req.eventLoop) { try await sink.add($0) }
            try await sink.flush()
        }
        u.updatedAt = req.now
        try await u.save(on: req.db)
        return try await req.uploadOut(u)
    }

    /// Ends the upload: validation and the breach guard run in the background; poll the upload.
    api.on(API.completeUpload) { req in
        let (u, t) = try await req.uploadForToken()
        let id = try u.requireID()
        try await req.govern(.upload, project: u.projectID, datasets: [u.dataset], actor: "token/\(try t.requireID())", organisation: t.organisation.uuidString)
        if u.status != .receiving {
            req.replyStatus = .ok
            return try await req.uploadOut(u)
        }
        let received = try req.platform.staging.received(id).bytes
        guard received == u.size else { throw Abort(.conflict, reason: "\(received) of \(u.size) bytes have arrived; send the rest first") }
        u.status = UploadStatus.validating
        u.updatedAt = req.now
        try await u.save(on: req.db)
        try await req.platform.audit.record(on: req.db, at: req.now, actor: "token/\(try t.requireID())", organisation: t.organisation.uuidString,
                                            action: "upload.complete", object: "upload/\(id)")
        let service = IngestService(app: req.application)
        await req.platform.work.start { await service.validate(id) }
        return try await req.uploadOut(u)
    }
}
