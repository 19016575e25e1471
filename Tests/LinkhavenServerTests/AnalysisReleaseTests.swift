import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// From a linkage run to released outputs: the school readiness table, a crosstab, a regression and
/// a matched comparison, disclosure-checked; release by two independent reviewers and the data
/// owners; open data; and a flagged cohort back to a provider, re-identified locally.
@Suite("Analyses, disclosure control and release (in-process HTTP)")
struct AnalysisReleaseTests {
    @Test func analyseReleasePublishAndReidentifyACohort() async throws {
        try await Harness.run(realTime: true, configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 800)
            let analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            #expect(try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst).status == .succeeded)
            let children: [String: Any] = ["variable": "in:school_readiness", "op": "=", "value": "Y"]
            func analyse(_ d: [String: Any]) async throws -> OutputOut {
                try await h.client.expect(OutputOut.self, .POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": d])
            }
            // A crosstab of school readiness by small area.
            let crosstab = try await analyse(["kind": "crosstab", "title": "School readiness by area", "population": [children],
                                              "rows": "school_readiness.small_area", "columns": "school_readiness.school_ready"])
            let table = try #require(crosstab.result.table)
            #expect(crosstab.datasets == ["school_readiness"])
            #expect(crosstab.result.rates?.count == table.cells.count && crosstab.result.rates?.joined().compactMap { $0 }.allSatisfy { (0...1).contains($0) } == true)
            for row in table.cells { for cell in row { if let v = cell.value { #expect(v % 5 == 0 && (v == 0 || v >= 10), "\(table.cells)") } } }
            // No suppressed cell can be had by subtracting published cells from a published total.
            for line in DisclosureControl.lines(table.rows.count, table.columns.count) {
                #expect(line.filter { table.cells[$0.0][$0.1].value == nil }.count != 1, "a line with a single suppressed cell")
            }
            // A second table of the same children by area shares its area totals: one hidden in either is hidden in both.
            let meals = try await analyse(["kind": "crosstab", "title": "Free school meals by area", "population": [children],
                                           "rows": "school_readiness.small_area", "columns": "school_readiness.free_school_meals"])
            let second = try #require(meals.result.table)
            #expect(second.rows == table.rows)
            for i in table.rows.indices {
                #expect((table.cells[i].last!.value == nil) == (second.cells[i].last!.value == nil) || table.cells[i].last!.value != nil)
                if let a = table.cells[i].last!.value, let b = second.cells[i].last!.value { #expect(a == b, "the same total, the same rounding") }
            }
            // At household level: households with a child in the school readiness data, by whether the police know the household.
            let households = try await analyse(["kind": "crosstab", "title": "Households by police contact", "population": [children], "level": "household",
                                                "rows": "school_readiness.small_area", "columns": "hh:police"])
            #expect(households.result.population <= crosstab.result.population && households.result.population > 0)
            // The same analysis again, as a new output with the same figures (the same run, the same rules, consistent totals).
            let again = try await h.client.expect(OutputOut.self, .POST, "api/v1/outputs/\(crosstab.id)/rerun", token: analyst)
            #expect(again.id != crosstab.id && again.definition == crosstab.definition && again.result.table?.cells.map { $0.map(\.value) } == table.cells.map { $0.map(\.value) }, "\(String(describing: again.result.table?.cells)) \(table.cells)")
            // A regression and a matched comparison over household risk factors.
            let risk: [[String: Any]] = [["variable": "hh:police", "op": "=", "value": "Y", "name": "police"],
                                         ["variable": "hh:social_care", "op": "=", "value": "Y", "name": "social care"]]
            let ready: [String: Any] = ["variable": "school_readiness.school_ready", "op": "=", "value": "Y"]
            let regression = try await analyse(["kind": "regression", "title": "Readiness and household risk", "population": [children],
                                                "outcome": ready, "predictors": risk])
            #expect(regression.result.model?.terms.map(\.name) == ["(intercept)", "police", "social care"])
            #expect(regression.result.model.map { $0.residualDF > 10 } == true)
            let comparison = try await analyse(["kind": "comparison", "title": "Social care and readiness", "population": [children],
                                                "treated": risk[1], "outcome": ready, "covariates": [risk[0], ["variable": "hh:housing", "op": "=", "value": "Y"]]])
            #expect(comparison.result.comparison.map { $0.lower95 <= $0.difference && $0.difference <= $0.upper95 } == true)

            // Release: the author asks; the author cannot review; two reviewers and the data owner approve.
            let path = "api/v1/outputs/\(crosstab.id)"
            #expect(try await h.call(.GET, path, token: f.police[.orgAdmin]!).status == .notFound, "partners see it only once released")
            try await h.client.require(.POST, path + "/request-release", token: analyst)
            #expect(try await h.dashboard(f.borough[.analyst]!).contains("Review the output <a href=\"/app/outputs/\(crosstab.id)\">"), "another analyst is asked to review")
            #expect(try await !h.dashboard(analyst).contains("Review the output <a href=\"/app/outputs/\(crosstab.id)"), "never the author")
            #expect(try await h.dashboard(f.county[.provider]!).contains("release of <a href=\"/app/outputs/\(crosstab.id)\">"), "the data owner decides")
            #expect(try await !h.dashboard(f.police[.provider]!).contains("/app/outputs/\(crosstab.id)"), "not the police: not their data")
            #expect(try await h.call(.POST, path + "/review", token: analyst, json: ["approve": true]).status == .forbidden)
            _ = try await h.client.expect(OutputOut.self, .POST, path + "/review", token: f.borough[.analyst]!, json: ["approve": true, "note": "checked the rounding"])
            #expect(try await h.call(.POST, path + "/owner-approval", token: f.police[.provider]!, json: ["approve": true]).status == .notFound, "police data is not used: not theirs to see")
            var out = try await h.client.expect(OutputOut.self, .POST, path + "/review", token: f.partnership.county.tokens[.reviewer]!, json: ["approve": true])
            #expect(out.status == .requested && out.ownersPending.map(\.uuidString) == [f.countyOrg])
            #expect(try await !h.dashboard(f.borough[.analyst]!).contains("Review the output <a href=\"/app/outputs/\(crosstab.id)"), "reviewed: off the list")
            out = try await h.client.expect(OutputOut.self, .POST, path + "/owner-approval", token: f.county[.provider]!, json: ["approve": true])
            #expect(try await !h.dashboard(f.county[.provider]!).contains("/app/outputs/\(crosstab.id)\">"), "decided: off the list")
            #expect(out.status == .released)
            #expect(try await h.call(.GET, path, token: f.police[.orgAdmin]!).status == .ok)
            try await h.client.require(.POST, path + "/publish", token: analyst)
            let csv = String(decoding: try await h.call(.GET, "api/v1/open/outputs/\(crosstab.id)/csv").body, as: UTF8.self)
            #expect(csv.hasPrefix("school_readiness.small_area,") && csv.contains("Total"))
            let geo = try await h.call(.GET, "api/v1/open/outputs/\(crosstab.id)/geojson")
            #expect(geo.status == .ok && String(decoding: geo.body, as: UTF8.self).contains("FeatureCollection"))
            // Each area carries its boundary polygon (RFC 7946: closed rings of [longitude, latitude]); suppressed cells stay null, and say so.
            let collection = try #require(FeatureCollection.read(String(decoding: geo.body, as: UTF8.self)))
            let boundaries = try #require(FeatureCollection.read(try await h.client.call(API.boundaries, f.project, token: analyst).text))
            let codes = Set(boundaries.features.compactMap { if case .string(let c)? = $0.properties?["code"] { c } else { nil } })
            #expect(!collection.features.isEmpty && collection.features.allSatisfy { codes.contains($0.id ?? "") == ($0.geometry?.polygons != nil) })
            for feature in collection.features {
                for ring in (feature.geometry?.polygons ?? []).flatMap({ $0 }) {
                    #expect(ring.count >= 4 && ring.first == ring.last && ring.allSatisfy { $0.count == 2 && (-180...180).contains($0[0]) && (-90...90).contains($0[1]) })
                }
                let nulls = feature.properties?.filter { $0.value == .null }.map(\.key) ?? []
                #expect((feature.properties?["suppressed"] == .bool(true)) == !nulls.isEmpty, "suppressed cells are marked: \(feature.properties ?? [:])")
            }

            // A cohort: children in households known to the police. Released, it goes back to each provider as its own tokens.
            let cohort = try await analyse(["kind": "cohort", "title": "Households of children known to the police", "population": [children, risk[0]],
                                            "level": "household"])
            let cpath = "api/v1/outputs/\(cohort.id)"
            try await h.client.require(.POST, cpath + "/request-release", token: analyst)
            try await h.client.require(.POST, cpath + "/review", token: f.borough[.analyst]!, json: ["approve": true])
            try await h.client.require(.POST, cpath + "/review", token: f.partnership.county.tokens[.reviewer]!, json: ["approve": true])
            try await h.client.require(.POST, cpath + "/owner-approval", token: f.county[.provider]!, json: ["approve": true])
            out = try await h.client.expect(OutputOut.self, .POST, cpath + "/owner-approval", token: f.police[.provider]!, json: ["approve": true])
            #expect(out.status == .released)
            struct Token: Decodable { var token: String? }
            let download = try await h.client.expect(Token.self, .POST, "api/v1/tokens", token: f.police[.provider]!,
                                                     json: ["name": "cohorts", "actions": ["download-cohort"], "expiresInDays": 7]).token!
            let port = try await h.app.serveOnLoopback()
            let (got, said) = try await ServerProcess.linkhavenInBackground(
                ["cohort", "--server", "http://127.0.0.1:\(port)", "--output", cohort.id.uuidString, "--out", h.scratch + "/cohort.csv"],
                env: ["LINKHAVEN_TOKEN": download])
            await h.app.server.shutdown()
            #expect(got == 0 && said.contains("record token"), "\(said)")
            let tokens = try String(contentsOfFile: h.scratch + "/cohort.csv", encoding: .utf8)
            let lines = tokens.split(separator: "\n").dropFirst()
            #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("police,") }, "only the police's own records: \(tokens.prefix(300))")
            #expect(try await h.call(.GET, cpath + "/tokens", token: f.policeUpload).status == .forbidden, "an upload token does not download cohorts")
            // The police re-identify them locally with their vault: every one is a police record.
            let (status, ids) = try await ServerProcess.linkhavenInBackground(
                ["reidentify", h.scratch + "/cohort.csv", "--vault", f.dir + "/police.vault", "--vault-key", f.dir + "/vault.key", "--column", "record_token",
                 "--out", h.scratch + "/reidentified.csv"], env: [:])
            #expect(status == 0 && ids.contains("Re-identified"), "\(ids)")
            let found = try String(contentsOfFile: h.scratch + "/reidentified.csv", encoding: .utf8).split(separator: "\n").dropFirst()
                .compactMap { $0.split(separator: ",").last.map(String.init) }
            let policeIDs = Set(try String(contentsOfFile: f.dir + "/police.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) })
            #expect(found.count == lines.count && found.allSatisfy { policeIDs.contains($0) }, "\(found.prefix(3))")
        }
    }
}
