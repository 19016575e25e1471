import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// A stored dataset version as the ingest benchmark checks it: what was recorded, and what its file
/// reads back as through its data key.
package struct StoredVersion: Sendable {
    package var number: Int
    package var status: VersionStatus
    package var contentSHA256: String
    package var bytes: Int
    package var storedSHA256: String
    package var storedBytes: Int
}

/// What the tooling beside the product (the demo, the benchmarks) checks inside the platform, which no
/// API shows: visible to this package's targets only, never to a client.
extension Application {
    /// Whether the platform has no organisation yet (a benchmark needs an empty database).
    package func platformIsEmpty() async throws -> Bool { try await Organisation.query(on: db).count() == 0 }

    /// How many passwords the platform has checked (bcrypt) since it started.
    package var passwordsChecked: Int { platform.hasher.passwordsChecked }

    /// Whether the account signing in as `email` is locked now.
    package func isLocked(email: String) async throws -> Bool {
        let user = try await User.query(on: db).filter(\.$email == email).first()
        return (user?.lockedUntil ?? .distantPast) > Date()
    }

    /// A dataset's versions in order, each read back from the store; `nil` if the project has no such dataset.
    package func storedVersions(project: UUID, dataset: String) async throws -> [StoredVersion]? {
        guard let d = try await Dataset.query(on: db).filter(\.$projectID == project).filter(\.$name == dataset).first() else { return nil }
        return try await DatasetVersion.query(on: db).filter(\.$datasetID == d.requireID()).sort(\.$number).all().map { v in
            let stored = try platform.storedContent(v)
            return StoredVersion(number: v.number, status: v.status, contentSHA256: v.contentSHA256, bytes: v.bytes,
                                 storedSHA256: stored.sha256, storedBytes: stored.bytes)
        }
    }

    /// The person each record of a linkage run was linked to, looked up by the record token its provider
    /// holds (only the demo, which holds the providers' side too, can put the two together).
    package func linkedPerson(run: UUID) async throws -> (String) -> Int? {
        guard let job = try await LinkageJob.find(run, on: db), let project = try await Project.find(job.projectID, on: db) else {
            throw Abort(.notFound, reason: "no such linkage run")
        }
        let rekey = try platform.rekey(project)
        var person: [String: Int] = [:]
        for r in try await LinkedRecord.query(on: db).filter(\.$runID == run).all() { person[r.recordKey] = r.person }
        return { token in person[rekey.recordKey(token)] }
    }
}
