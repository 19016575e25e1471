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
        func refuse(_ status: HTTPStatus, _ reason: String) async throws -> Abort {
            try await platform.audit.record(on: db, at: now, actor: actor, organisation: t.organisation.uuidString,
                                            action: "upload.create", object: "upload", outcome: "denied")
            return Abort(status, reason: reason)
        }
        let m = input.manifest
        guard (1...(1 << 42)).contains(input.size), input.sha256.count == 64, input.sha256.allSatisfy(\.isHexDigit),
              ["identity", "gzip"].contains(input.encoding ?? "identity"), m.format == PseudonymisationManifest.currentFormat,
              (1...200).contains(m.dataset.count), m.fileSHA256.count == 64 else {
            throw Abort(.unprocessableEntity, reason: "size (bytes), sha256 (64 hex digits of the bytes sent), encoding identity|gzip and a linkhaven-manifest/1 manifest are required")
        }
        guard let project = try await Project.find(input.project, on: db), t.project == nil || t.project == input.project,
              t.dataset == nil || t.dataset == m.dataset else {
            throw try await refuse(.notFound, "no such project for this API token")
        }
        guard try await Partnership.find(project.$partnership.id, on: db)?.memberIDs.contains(t.organisation) == true else {
            throw try await refuse(.forbidden, "your organisation is not a member of this project's partnership")
        }
        guard try await IngestPolicy.covers(on: db, project: input.project, dataset: m.dataset, provider: t.organisation) else {
            throw try await refuse(.forbidden, "no agreement of this project has your organisation providing dataset '\(m.dataset)'")
        }
        try await govern(.upload, project: input.project, datasets: [m.dataset], actor: actor, organisation: t.organisation.uuidString)
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
        return t
    }

    /// The upload `input` repeats, if any: the same file is the version already accepted, or the
    /// upload of it already under way.
    func repeatedUpload(_ input: UploadIn, by t: APIToken) async throws -> Upload? {
        let m = input.manifest
        if let d = try await Dataset.query(on: db).filter(\.$projectID == input.project).filter(\.$name == m.dataset).first(),
           let v = try await DatasetVersion.query(on: db).filter(\.$datasetID == d.requireID()).filter(\.$contentSHA256 == m.fileSHA256.lowercased())
            .filter(\.$status == VersionStatus.current).first(), let u = try await Upload.find(v.uploadID, on: db) {
            return u
        }
        return try await Upload.query(on: db).filter(\.$organisation == t.organisation).filter(\.$projectID == input.project)
            .filter(\.$dataset == m.dataset).filter(\.$sha256 == input.sha256.lowercased())
            .filter(\.$status ~~ [UploadStatus.receiving, UploadStatus.validating]).first()
    }

    /// Records a new upload, receiving, with its own data key, and its audit event.
    func startUpload(_ input: UploadIn, by t: APIToken) async throws -> Upload {
        let u = Upload()
        let id = UUID()
        u.id = id; u.projectID = input.project; u.dataset = input.manifest.dataset; u.organisation = t.organisation; u.tokenID = try t.requireID()
        u.manifest = String(decoding: try JSONEncoder().encode(input.manifest), as: UTF8.self)
        u.size = input.size; u.sha256 = input.sha256.lowercased(); u.encoding = input.encoding ?? "identity"
        u.status = UploadStatus.receiving; u.problems = "[]"; u.createdAt = now; u.updatedAt = now
        u.wrappedKey = try platform.masterKey.newDataKey(context: .upload(id)).1
        try await u.save(on: db)
        try await platform.audit.record(on: db, at: now, actor: "token/\(try t.requireID())", organisation: t.organisation.uuidString,
                                        action: "upload.create", object: "upload/\(id)")
        return u
    }
}
