import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The demo partnership (`DemoPartnership`), set up in process, under the names the ingest tests use.
struct IngestFixture {
    let partnership: DemoPartnership
    var dir: String { partnership.directory }
    var project: String { partnership.project }
    var operatorToken: String { partnership.operatorToken }
    var county: [Role: String] { partnership.county.tokens }
    var borough: [Role: String] { partnership.borough.tokens }
    var police: [Role: String] { partnership.police.tokens }
    var boroughOrg: String { partnership.borough.id }
    var countyOrg: String { partnership.county.id }
    var boroughUpload: String { partnership.boroughUpload }
    var policeUpload: String { partnership.policeUpload }
    var manifests: [String: PseudonymisationManifest] { partnership.manifests }

    static func make(_ h: Harness, households: Int = 120) async throws -> IngestFixture {
        IngestFixture(partnership: try await DemoPartnership.make(app: h.app, client: h.client, directory: h.scratch + "/provider", households: households))
    }

    func variant(_ dataset: String, _ edit: (inout [[String]]) -> Void) throws -> (Data, PseudonymisationManifest) {
        try partnership.variant(dataset, edit)
    }

    func file(_ dataset: String) throws -> (Data, PseudonymisationManifest) { try partnership.file(dataset) }
}

extension Harness {
    /// Uploads `bytes` in `parts` with the API token, completes, and waits for the outcome.
    func upload(_ f: IngestFixture, token: String, bytes: Data, manifest: PseudonymisationManifest, gzip: Bool = false, parts: Int = 2) async throws -> UploadOut {
        try await client.upload(project: f.project, token: token, bytes: bytes, manifest: manifest, gzip: gzip, parts: parts)
    }
}
