import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Scores a run against the synthetic truth. Only the demo can: it holds both sides, the providers'
/// vaults (token → record id) and the platform's results (project key → person). The platform
/// itself never sees a record id.
enum DemoEvaluation {
    static func score(app: Application, run: UUID, partnership p: DemoPartnership) async throws -> LinkageEvaluation.Score {
        guard let job = try await LinkageJob.find(run, on: app.db), let project = try await Project.find(job.projectID, on: app.db) else {
            throw APIClientError("the run is gone")
        }
        let rekey = try app.platform.rekey(project)
        var person: [String: Int] = [:]
        for r in try await LinkedRecord.query(on: app.db).filter(\.$runID == run).all() { person[r.recordKey] = r.person }
        let vaultKey = try SecretKey.read(from: p.directory + "/vault.key")
        var clusters: [LinkageEvaluation.RecordKey: String] = [:]
        for name in p.manifests.keys {
            let ids = try VaultReader.recordIDsByToken(path: p.directory + "/\(name).vault", secret: vaultKey)
            let reader = try CSVReader(path: p.directory + "/\(name).pseudo.csv")
            guard let header = try reader.next()?.fields, let rt = header.firstIndex(of: "record_token") else { continue }
            while let row = try reader.next() {
                let token = row.fields[rt]
                if let id = ids[token], let who = person[rekey.recordKey(token)] { clusters[.init(dataset: name, id: id)] = "p\(who)" }
            }
        }
        return try LinkageEvaluation.loadTruth(path: p.directory + "/truth.csv", level: "person").score(clusters: clusters, level: "person").overall
    }
}
