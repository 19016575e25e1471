import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import Testing
import Vapor

/// The data catalogue: each dataset's holder describes it (and no one else can); members read every
/// dataset of their partnerships with quality and retention; the public reads the rest on the register
/// and as DCAT JSON-LD, which a real RDF parser reads back (and the published GeoJSON a schema validator).
@Suite("The data catalogue (in-process HTTP)")
struct CatalogueTests {
    @Test func holdersDescribeMembersReadAndThePublicSeesTheSubsetAsDCAT() async throws {
        try await Harness.run(realTime: true, configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 300)
            let p = f.partnership, analyst = f.county[.analyst]!
            let before = try await h.client.call(API.catalogue, token: f.police[.analyst]!)
            #expect(before.count == 6 && before.allSatisfy { $0.description.isEmpty && $0.partnership == before[0].partnership })
            let school = try #require(before.first { $0.dataset == "school_readiness" })
            #expect((school.quality?.rows ?? 0) > 0 && school.retainUntil != nil && school.fields.contains { $0.name == "school_ready" && $0.category == .attribute })
            #expect(school.fields.first { $0.name == "postcode" }?.category == .identifier && school.fields.first { $0.name == "small_area" }?.category == .quasiIdentifier,
                    "a postcode matched on is an identifier even though it is also generalised to the small area")
            #expect(school.boundaries.contains { $0.hasPrefix("small_area: the project's") }, "\(school.boundaries)")
            let holder = try #require([p.county, p.borough, p.police].first { $0.id == school.holderID?.uuidString })
            let other = try #require([p.county, p.borough, p.police].first { $0.id != holder.id })

            // Only the holder's admin or provider describes it; bad input is refused whole, saying why.
            let path = "api/v1/projects/\(f.project)/catalogue/school_readiness"
            let good: [String: Any] = ["description": "Children's readiness for school at the start of reception, assessed by teachers.",
                                       "coverageArea": "Basildon borough", "periodStart": "2024-09-01", "periodEnd": "2025-07-31", "updateFrequency": "annually",
                                       "definitions": ["school_ready": "Y when the child reached a good level of development", "small_area": "The LSOA of the home postcode"]]
            #expect(try await h.call(.PUT, path, token: holder.tokens[.analyst]!, json: good).status == .forbidden)
            #expect(try await h.call(.PUT, path, token: other.tokens[.provider]!, json: good).status == .forbidden)
            var bad = good
            bad["description"] = ""; bad["periodEnd"] = "2024-02-30"; bad["definitions"] = ["nhs_number": "x"]
            let refused = try await h.call(.PUT, path, token: holder.tokens[.provider]!, json: bad)
            #expect(refused.status == .unprocessableEntity && refused.error.contains("description") && refused.error.contains("periodEnd")
                    && refused.error.contains("'nhs_number' is not a field"), "\(refused.error)")
            var leaky = good
            leaky["description"] = "Includes the child at 12 Acacia Avenue, SS14 3AB"
            #expect(try await h.call(.PUT, path, token: holder.tokens[.provider]!, json: leaky).status == .unprocessableEntity)
            #expect(try await CatalogueEntry.query(on: h.app.db).count() == 0, "nothing kept of a refused description")
            let described = try await h.call(.PUT, path, token: holder.tokens[.provider]!, json: good)
            #expect(described.status == .ok, "\(described.error)")
            #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == "catalogue.describe").filter(\.$outcome == "success").count() == 1,
                    "the description is audited (and the two refusals as refusals)")

            // Members read it, with quality and retention.
            let members = try await h.client.call(API.catalogue, token: f.borough[.analyst]!)
            let entry = try #require(members.first { $0.dataset == "school_readiness" })
            #expect(entry.description.hasPrefix("Children's readiness") && entry.updateFrequency == .annually && entry.periodStart == "2024-09-01")
            #expect(entry.fields.first { $0.name == "school_ready" }?.definition?.hasPrefix("Y when") == true && entry.quality != nil)

            // The public: the register shows the description, never quality or retention.
            let run = try await h.client.call(API.startRun, f.project, token: analyst)
            #expect(try await LinkageRunTests.waitFor(h, run: run.id, token: analyst).status == .succeeded)
            let output = try await h.client.call(API.runAnalysis, f.project, body: AnalysisIn(definition: AnalysisDefinition(
                kind: "crosstab", title: "School readiness by area", population: [Condition(variable: "in:school_readiness", op: "=", value: "Y")],
                rows: "school_readiness.small_area", columns: "school_readiness.school_ready")), token: analyst)
            try await RegisterTests.publish(output.id, h, f)
            let reply = try await h.call(.GET, "api/v1/public/register")
            let register = try RegisterTests.decoderFor().decode(PublicRegister.self, from: reply.body)
            let shared = try #require(register.partnerships.first?.projects.first?.sharing.first { $0.dataset == "school_readiness" })
            #expect(shared.description == entry.description && shared.coverageArea == "Basildon borough" && shared.updateFrequency == .annually)
            #expect(shared.fields.first { $0.name == "small_area" }?.definition == "The LSOA of the home postcode" && !shared.boundaries.isEmpty)
            let text = String(decoding: reply.body, as: UTF8.self)
            for hidden in ["quality", "retainUntil", "matchKeyCoverage", "leastComplete"] { #expect(!text.contains(hidden), "the register shows \(hidden)") }
            let page = String(decoding: try await h.call(.GET, "register").body, as: UTF8.self)
            #expect(page.contains("id=\"dataset-\(f.project.lowercased())-school_readiness\"") && page.contains("assessed by teachers"))

            // DCAT in JSON-LD: cacheable, and read back by rdflib; the published GeoJSON valid against the schema.
            let jsonld = try await h.call(.GET, "api/v1/public/catalogue.jsonld")
            #expect(jsonld.status == .ok && jsonld.headers.contentType?.description.hasPrefix("application/ld+json") == true)
            let etag = try #require(jsonld.headers.first(name: .eTag))
            #expect(try await h.client.call(.GET, "api/v1/public/catalogue.jsonld", headers: [("If-None-Match", etag)]).status == .notModified)
            let geo = try await h.call(.GET, API.openOutputGeoJSON.target([output.id.uuidString]))
            try jsonld.body.write(to: URL(fileURLWithPath: h.scratch + "/catalogue.jsonld"))
            try geo.body.write(to: URL(fileURLWithPath: h.scratch + "/output.geojson"))
            guard let found = try OpenDataCheck.run([h.scratch + "/catalogue.jsonld", h.scratch + "/output.geojson"]) else { return }
            #expect(found.catalogue.datasets == 7 && found.catalogue.public == 1, "six shared datasets and one published output: \(found.catalogue)")
            #expect(found.catalogue.distributions == 3 && found.catalogue.downloadURLs.contains { $0.hasSuffix(API.openOutputCSV.target([output.id.uuidString])) })
            #expect(found.catalogue.withFrequency == 1 && found.catalogue.definedColumns == 2 && found.catalogue.columns > 40)
            #expect(found.geojson.first.map { $0.polygons >= 1 && $0.polygons >= $0.features - 1 } == true,
                    "every area's feature has its polygon (the row of people with no area has none): \(found.geojson)")
        }
    }
}

/// `Tests/browser/open_data_check.py` run by the Python `.ci/run` prepares (rdflib, geojson-pydantic, jsonschema).
enum OpenDataCheck {
    struct Found: Decodable {
        struct Catalogue: Decodable { var triples, datasets, `public`, distributions, withFrequency, columns, definedColumns: Int; var downloadURLs: [String] }
        struct GeoJSON: Decodable { var features, polygons, suppressed: Int }
        var catalogue: Catalogue; var geojson: [GeoJSON]
    }

    /// What the parsers found, or nil when no such Python is configured (LINKHAVEN_PYTHON); under
    /// `LINKHAVEN_OPEN_DATA_TESTS=1` (as `.ci/run` sets) its absence is a failure.
    static func run(_ files: [String]) throws -> Found? {
        let env = ProcessInfo.processInfo.environment
        guard let python = env["LINKHAVEN_PYTHON"] else {
            if env["LINKHAVEN_OPEN_DATA_TESTS"] == "1" { Issue.record("LINKHAVEN_OPEN_DATA_TESTS=1 but no LINKHAVEN_PYTHON to read the open data with") }
            return nil
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("browser/open_data_check.py").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script] + files
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { Issue.record("the open data did not parse: \(String(decoding: e, as: UTF8.self))"); return nil }
        return try JSONDecoder().decode(Found.self, from: o)
    }
}
