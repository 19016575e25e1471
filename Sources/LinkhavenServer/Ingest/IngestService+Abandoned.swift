import Fluent
import Foundation
import Vapor

extension IngestService {
    /// Uploads still `receiving` that have had no bytes for `uploadAbandonAfter` become `abandoned`:
    /// their staged bytes and key are deleted, the provider is told, and it is audited. Each is
    /// looked at under the upload's own lock, so a part arriving at that moment is not cut short.
    /// Returns how many were abandoned.
    @discardableResult
    func sweepAbandonedUploads() async throws -> Int {
        let after = platform.config.uploadAbandonAfter
        let cutoff = now.addingTimeInterval(-after)
        let stale = try await Upload.query(on: db).filter(\.$status == UploadStatus.receiving).filter(\.$updatedAt <= cutoff).all()
        var abandoned = 0
        for candidate in stale {
            let id = try candidate.requireID()
            let service = self
            let done: Bool = try await platform.uploadLocks.withLock(id) {
                guard let u = try await Upload.find(id, on: service.db), u.status == UploadStatus.receiving, u.updatedAt <= cutoff else { return false }
                let hours = Int((after / 3600).rounded())
                try await service.finish(u, status: .abandoned, problems: [UploadProblem(line: nil, column: nil,
                    reason: "no bytes arrived for \(hours) hour\(hours == 1 ? "" : "s"); what had arrived was deleted. Upload the file again")])
                try await service.audit("platform", u.organisation, "upload.abandon", "upload/\(id)")
                try await Notifier(app: service.app).notify([u.organisation], kind: "upload.abandoned",
                    subject: "An upload of '\(u.dataset)' was abandoned after \(hours) hour\(hours == 1 ? "" : "s") without bytes; its partial data was deleted. Upload the file again.",
                    object: "upload/\(id)")
                return true
            }
            if done { abandoned += 1 }
        }
        return abandoned
    }
}
