import Fluent
import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

/// Scores a run against the synthetic truth. Only the demo can: it holds both sides, the providers'
/// vaults (token → record id) and the platform's results (project key → person). The platform
/// itself never sees a record id.
enum DemoEvaluation {
    static func score(app: Application, run: UUID, partnership p: DemoPartnership) async throws -> LinkageEvaluation.Score {
        let person = try await app.linkedPerson(run: run)
        let vaultKey = try SecretKey.read(from: p.directory + "/vault.key")
        var clusters: [LinkageEvaluation.RecordKey: String] = [:]
        for name in p.manifests.keys {
            let ids = try VaultReader.recordIDsByToken(path: p.directory + "/\(name).vault", secret: vaultKey)
            let reader = try CSVReader(path: p.directory + "/\(name).pseudo.csv")
            guard let header = try reader.next()?.fields, let rt = header.firstIndex(of: "record_token") else { continue }
            while let row = try reader.next() {
                let token = row.fields[rt]
                if let id = ids[token], let who = person(token) { clusters[.init(dataset: name, id: id)] = "p\(who)" }
            }
        }
        return try LinkageEvaluation.loadTruth(path: p.directory + "/truth.csv", level: "person").score(clusters: clusters, level: "person").overall
    }
}
