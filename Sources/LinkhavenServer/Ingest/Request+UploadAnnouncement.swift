import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Announcing an upload in three steps: the checks (who may, under which agreement, with which spec
/// and key), the query for an upload it repeats, and the action that records a new one.
extension Request {
    /// The presented upload token, if it may announce `input`: everything that can be checked before
    /// any byte is sent is checked here, and each refusal is audited.
    func checkAnnouncement(_ input: UploadIn) async throws -> APIToken {
        let t = try await apiToken(for: .upload)
        let actor = "token/\(try t.requireID())"
        guard let refusal = try await UploadAnnouncement(db: db, now: now).refusal(of: input, from: t.organisation, onlyProject: t.project,
                                                                                    onlyDataset: t.dataset) else { return t }
        if refusal.policy != nil || refusal.audited {
            try await refusal.record(in: platform.audit, on: db, at: now, actor: actor, organisation: t.organisation)
        }
        if let policy = refusal.policy { throw policy }
        throw Abort(refusal.status, reason: refusal.reason)
    }

    /// The upload `input` repeats, if any: the same file is the version already accepted, or the
    /// upload of it already under way.
    func repeatedUpload(_ input: UploadIn, by t: APIToken) async throws -> Upload? {
        let m = input.manifest
        if let v = try await UploadAnnouncement(db: db, now: now).currentVersion(project: input.project, m), let u = try await Upload.find(v.uploadID, on: db) {
            return u
        }
        return try await Upload.query(on: db).filter(\.$organisation == t.organisation).filter(\.$projectID == input.project)
            .filter(\.$dataset == m.dataset).filter(\.$sha256 == input.sha256.lowercased())
            .filter(\.$status ~~ [UploadStatus.receiving, UploadStatus.validating]).first()
    }

    /// Records a new upload, receiving, with its own data key, and its audit event.
    func startUpload(_ input: UploadIn, by t: APIToken) async throws -> Upload {
        let u = try Upload.announced(input, id: UUID(), organisation: t.organisation, token: try t.requireID(), at: now, masterKey: platform.masterKey)
        try await u.save(on: db)
        try await platform.audit.record(on: db, at: now, actor: "token/\(try t.requireID())", organisation: t.organisation.uuidString,
                                        action: "upload.create", object: "upload/\(try u.requireID())")
        return u
    }
}

extension Upload {
    /// The `tokenID` of a file dropped through the SFTP drop-box: the nil UUID.
    static let noToken = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    /// A new upload of `input`, receiving, with a staging key of its own (wrapped by the master key): announced with an
    /// API token, or (`token` nil) dropped through the SFTP drop-box.
    static func announced(_ input: UploadIn, id: UUID, organisation: UUID, token: UUID?, at now: Date, masterKey: MasterKey) throws -> Upload {
        let u = Upload()
        u.id = id; u.projectID = input.project; u.dataset = input.manifest.dataset; u.organisation = organisation
        u.tokenID = token ?? Upload.noToken; u.channel = token == nil ? "sftp" : "https"
        u.manifest = String(decoding: try JSONEncoder().encode(input.manifest), as: UTF8.self)
        u.size = input.size; u.sha256 = input.sha256.lowercased(); u.encoding = input.encoding ?? "identity"
        u.status = UploadStatus.receiving; u.problems = "[]"; u.createdAt = now; u.updatedAt = now
        u.wrappedKey = try masterKey.newDataKey(context: .upload(id)).1
        return u
    }
}
