import Fluent
import Foundation
import LinkhavenAPI

extension Upload {
    /// The upload as the API and the drop-box's receipts show it: bytes received (counted from staging while
    /// receiving), the version it became, its problems (line, column, reason: never values) or incident.
    func out(on db: any Database, staging: UploadStaging, duplicate: Bool? = nil) async throws -> UploadOut {
        let id = try requireID()
        let received = status == UploadStatus.receiving ? try staging.received(id).bytes : size
        let version = versionID == nil ? nil : try await DatasetVersion.find(versionID, on: db)?.number
        let problems = (try? JSONDecoder().decode([UploadProblem].self, from: Data(self.problems.utf8))) ?? []
        return UploadOut(id: id, project: projectID, dataset: dataset, status: status, received: received, size: size,
                         problems: problems, version: version, incident: incidentID, duplicate: duplicate)
    }
}
