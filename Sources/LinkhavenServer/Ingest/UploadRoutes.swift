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
        try await u.out(on: db, staging: platform.staging, duplicate: duplicate)
    }
}

func uploadRoutes(_ api: any RoutesBuilder) {
    /// Announces an upload: everything that can be checked before any byte is sent is checked here.
    api.on(API.createUpload) { req, input in
        try req.spendAllowance(req.platform.uploadLimiter, on: "upload announcements")
        let t = try await req.checkAnnouncement(input)
        if let u = try await req.repeatedUpload(input, by: t) {   // idempotent by content
            req.replyStatus = .ok
            return try await req.uploadOut(u, duplicate: true)
        }
        return try await req.uploadOut(try await req.startUpload(input, by: t))
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
