import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
import Vapor

/// The checks an announced upload passes before any of it is kept, the same whichever way it came: over
/// HTTPS (the API token's organisation) or through the SFTP drop-box (the account's organisation). Who may
/// provide the dataset under which agreement, whether the agreement allows uploads now, and whether the file
/// was made with the project's registered spec and key.
struct UploadAnnouncement {
    let db: any Database
    let now: Date

    /// Why an announcement is refused: the status the API answers with and the reason in words; `policy` when the
    /// agreement's status stands in the way (audited as `policy.upload`), `audited` when it is audited at all.
    struct Refusal: Error {
        var status: HTTPStatus
        var reason: String
        var policy: AgreementRefusal?
        var audited = true
        /// The project the policy refused it for.
        var project: UUID?

        /// Audits the refusal by `actor` of `organisation`: as `policy.upload` on the project when the agreement's
        /// status stood in the way, else as a denied `upload.create`.
        func record(in audit: AuditLog, on db: any Database, at now: Date, actor: String, organisation: UUID) async throws {
            if let policy, let project {
                try await audit.record(on: db, at: now, actor: actor, organisation: organisation.uuidString, action: "policy.upload",
                                       object: "project/\(project)", outcome: "refused: \(policy.agreementStatus.rawValue)")
            } else {
                try await audit.record(on: db, at: now, actor: actor, organisation: organisation.uuidString, action: "upload.create",
                                       object: "upload", outcome: "denied")
            }
        }
    }

    /// The refusal of `input` from `organisation` (a credential limited to one project or dataset passes them), or `nil`.
    func refusal(of input: UploadIn, from organisation: UUID, onlyProject: UUID? = nil, onlyDataset: String? = nil) async throws -> Refusal? {
        let m = input.manifest
        guard (1...(1 << 42)).contains(input.size), input.sha256.count == 64, input.sha256.allSatisfy(\.isHexDigit),
              ["identity", "gzip"].contains(input.encoding ?? "identity"), m.format == PseudonymisationManifest.currentFormat,
              (1...200).contains(m.dataset.count), m.fileSHA256.count == 64 else {
            return Refusal(status: .unprocessableEntity, reason: "size (bytes), sha256 (64 hex digits of the bytes sent), encoding identity|gzip and a linkhaven-manifest/1 manifest are required",
                           audited: false)
        }
        guard let project = try await Project.find(input.project, on: db), onlyProject == nil || onlyProject == input.project,
              onlyDataset == nil || onlyDataset == m.dataset else {
            return Refusal(status: .notFound, reason: "no such project for this API token")
        }
        guard try await Partnership.find(project.$partnership.id, on: db)?.memberIDs.contains(organisation) == true else {
            return Refusal(status: .forbidden, reason: "your organisation is not a member of this project's partnership")
        }
        guard try await IngestPolicy.covers(on: db, project: input.project, dataset: m.dataset, provider: organisation) else {
            return Refusal(status: .forbidden, reason: "no agreement of this project has your organisation providing dataset '\(m.dataset)'")
        }
        if let policy = try await ProjectGovernance.refusal(on: db, project: input.project, .upload, datasets: [m.dataset], now: now) {
            return Refusal(status: policy.status, reason: policy.reason, policy: policy, project: input.project)
        }
        guard let spec = try project.registeredSpec(), let columns = spec.outputColumns(of: m.dataset), !project.keyFingerprint.isEmpty else {
            return Refusal(status: .conflict, reason: "the project has no registered linkage spec and key fingerprint for '\(m.dataset)' yet")
        }
        guard ConstantTime.equal(Array(m.keyFingerprint.utf8), Array(project.keyFingerprint.utf8)) else {
            return Refusal(status: .unprocessableEntity, reason: "the file was made with a different project key (fingerprint \(m.keyFingerprint), the project's is \(project.keyFingerprint)); nothing was uploaded")
        }
        guard m.project == spec.project, m.specVersion == spec.version else {
            return Refusal(status: .unprocessableEntity, reason: "the file was made with spec '\(m.project)' version \(m.specVersion); the project's is '\(spec.project)' version \(spec.version)")
        }
        guard m.columns == columns.map(\.name) else {
            let missing = columns.map(\.name).filter { !m.columns.contains($0) }
            return Refusal(status: .unprocessableEntity, reason: "the file's columns are not exactly the agreed ones" + (missing.isEmpty ? "" : " (missing: \(missing.joined(separator: ", ")))"))
        }
        return nil
    }

    /// The accepted, current version whose content is the file `m` describes, if there is one.
    func currentVersion(project: UUID, _ m: PseudonymisationManifest) async throws -> DatasetVersion? {
        guard let d = try await Dataset.query(on: db).filter(\.$projectID == project).filter(\.$name == m.dataset).first() else { return nil }
        return try await DatasetVersion.query(on: db).filter(\.$datasetID == d.requireID()).filter(\.$contentSHA256 == m.fileSHA256.lowercased())
            .filter(\.$status == VersionStatus.current).first()
    }
}
