import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The provider tool (`linkhaven upload`, the built binary) sends each of the six synthetic
/// datasets to the platform over loopback HTTP, and each provider sees its data quality report.
@Suite("Providers upload the six synthetic datasets with the provider tool")
struct ProviderUploadTests {
    @Test func sixDatasetsUploadedWithTheToolAndTheirQualityReportsSeen() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await IngestFixture.make(h)
            let port = try await h.app.serveOnLoopback()
            do {
                let names = f.manifests.keys.sorted()
                #expect(names.count == 6)
                for name in names {
                    let (status, out) = try await ServerProcess.linkhavenInBackground(
                        ["upload", f.dir + "/\(name).pseudo.csv", "--server", "http://127.0.0.1:\(port)", "--project", f.project, "--format", "text"],
                        env: ["LINKHAVEN_TOKEN": f.partnership.uploadToken(for: name)])
                    #expect(status == 0, "\(name): \(out)")
                    #expect(out.contains("'\(name)' accepted as version 1"), "\(out)")
                    #expect(out.contains("Data quality of '\(name)': \(f.manifests[name]!.rows.written) rows"), "the provider sees the report: \(out)")
                }
                // The same reports for the partners, through the API.
                let datasets = try await h.call(.GET, "api/v1/projects/\(f.project)/datasets", token: f.county[.analyst]!).json([DatasetOut].self)
                #expect(Set(datasets.map(\.name)) == Set(names))
                for d in datasets {
                    let q = try await h.call(.GET, "api/v1/datasets/\(d.id)/versions/1/quality", token: f.borough[.analyst]!).json(DataQualityReport.self)
                    #expect(q.rows == f.manifests[d.name]!.rows.written && q.columns.map(\.name) == f.manifests[d.name]!.columns)
                }
                // JSON output carries the report too, and a repeat is the version already accepted.
                let (again, json) = try await ServerProcess.linkhavenInBackground(
                    ["upload", f.dir + "/police.pseudo.csv", "--server", "http://127.0.0.1:\(port)", "--project", f.project, "--format", "json"],
                    env: ["LINKHAVEN_TOKEN": f.policeUpload])
                let outcome = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
                #expect(again == 0 && (outcome?["upload"] as? [String: Any])?["duplicate"] as? Bool == true, "\(json)")
                #expect((outcome?["quality"] as? [String: Any])?["rows"] as? Int == f.manifests["police"]!.rows.written)
            } catch {
                await h.app.server.shutdown()
                throw error
            }
            await h.app.server.shutdown()
        }
    }
}
