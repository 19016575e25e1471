import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import Testing
import Vapor

/// The resilience view (001 ¶13): people and households known to several services, by small area,
/// counted from the linked run, under disclosure control, released through the same path and mapped.
@Suite("The resilience view (in-process HTTP)")
struct ResilienceViewTests {
    @Test func peopleAndHouseholdsKnownToSeveralServicesAreCountedByAreaAndMapped() async throws {
        try await Harness.run(realTime: true, configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 1300)
            let p = f.partnership, analyst = f.county[.analyst]!
            let queued = try await h.client.call(API.startRun, f.project, token: analyst)
            let run = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst)
            try #require(run.status == .succeeded)
            let people = try await h.client.call(API.runAnalysis, f.project, body: AnalysisIn(definition: .resilienceView()), token: analyst)
            let households = try await h.client.call(API.runAnalysis, f.project, body: AnalysisIn(definition: .resilienceView(level: "household")), token: analyst)

            // What the run says, counted here from the linked records and the providers' own files.
            let project = try #require(try await Project.find(UUID(uuidString: f.project), on: h.app.db))
            let rekey = try h.app.platform.rekey(project)
            var area: [String: String] = [:]   // dataset + record key → small area
            for name in p.manifests.keys {
                let reader = try CSVReader(path: f.dir + "/\(name).pseudo.csv")
                let header = try #require(try reader.next()).fields
                let token = try #require(header.firstIndex(of: "record_token")), small = try #require(header.firstIndex(of: "small_area"))
                while let r = try reader.next() { area[name + "/" + rekey.recordKey(r.fields[token])] = r.fields[small] }
            }
            var known: [Int: (household: Int, datasets: Set<String>, area: [String: String])] = [:]
            for r in try await LinkedRecord.query(on: h.app.db).filter(\.$runID == run.id).all() {
                var k = known[r.person] ?? (r.household, [], [:])
                k.datasets.insert(r.dataset)
                if let a = area[r.dataset + "/" + r.recordKey], !a.isEmpty, k.area[r.dataset] == nil { k.area[r.dataset] = a }
                known[r.person] = k
            }
            func firstArea(_ k: (household: Int, datasets: Set<String>, area: [String: String])) -> String { k.datasets.sorted().lazy.compactMap { k.area[$0] }.first ?? "" }
            var expected: [String: Int] = [:]
            for k in known.values { expected[firstArea(k) + "|" + AnalysisTable.servicesBand(k.datasets.count), default: 0] += 1 }
            #expect(known.values.contains { $0.datasets.count >= 3 }, "the synthetic partnership has people known to three services")

            let rules = people.result.rules
            let table = try #require(people.result.table)
            #expect(table.rowVariable == "any:small_area" && Set(table.columns).isSubset(of: ["1", "2", "3+"]) && table.columns.count >= 2)
            #expect(Set(people.datasets) == Set(p.manifests.keys), "every service's data is in it, so every provider approves its release")
            var shown = 0
            for (i, row) in table.rows.enumerated() {
                for (j, column) in table.columns.enumerated() {
                    guard let value = table.cells[i][j].value else { continue }
                    shown += 1
                    #expect(value == DisclosureControl.round(expected[row + "|" + column] ?? 0, to: rules.roundingBase), "\(row) × \(column)")
                }
            }
            #expect(shown >= 3, "cells shown: \(shown)")
            for (j, column) in table.columns.enumerated() {   // the totals by number of services
                let all = expected.filter { $0.key.hasSuffix("|" + column) }.values.reduce(0, +)
                if let total = table.cells[table.rows.count][j].value { #expect(total == DisclosureControl.round(all, to: rules.roundingBase), "\(column)") }
            }
            #expect(table.cells[table.rows.count].compactMap(\.value).count == table.columns.count + 1, "every total by number of services is shown")
            #expect(people.result.population == DisclosureControl.round(known.count, to: rules.roundingBase))

            // Households: one row per household, banded by the services that know anyone in it.
            let byHousehold = Dictionary(grouping: known.values, by: \.household)
            let hTable = try #require(households.result.table)
            #expect(hTable.columnVariable == "hh:services" && households.result.population == DisclosureControl.round(byHousehold.count, to: rules.roundingBase))
            let threeOrMore = byHousehold.values.filter { $0.reduce(into: Set<String>()) { $0.formUnion($1.datasets) }.count >= 3 }.count
            let shownThree = hTable.columns.firstIndex(of: "3+").map { hTable.cells[hTable.rows.count][$0].value } ?? nil
            if let shownThree { #expect(shownThree == DisclosureControl.round(threeOrMore, to: rules.roundingBase)) }

            // Released through the same path: every provider approves; then the page draws the map.
            let id = people.id.uuidString
            _ = try await h.client.call(API.requestRelease, id, token: analyst)
            _ = try await h.client.call(API.reviewOutput, id, body: ReleaseDecisionIn(approve: true), token: p.borough.tokens[.analyst]!)
            _ = try await h.client.call(API.reviewOutput, id, body: ReleaseDecisionIn(approve: true), token: p.county.tokens[.reviewer]!)
            for o in [p.county, p.borough, p.police] {
                #expect(try await h.client.call(API.output, id, token: analyst).status != .released, "not released before \(o.name) approved")
                _ = try await h.client.call(API.approveAsOwner, id, body: ReleaseDecisionIn(approve: true), token: o.tokens[.provider]!)
            }
            #expect(try await h.client.call(API.output, id, token: analyst).status == .released)
            _ = try await h.client.call(API.publishOutput, id, token: analyst)
            let page = String(decoding: try await h.call(.GET, "register/outputs/\(id)").body, as: UTF8.self)
            #expect(page.contains("class=\"chart map\"") && page.contains("known to 2 or more services"), "the public page maps it")
            let geo = try await h.call(.GET, API.openOutputGeoJSON.target([id]))
            #expect(geo.status == .ok && String(decoding: geo.body, as: UTF8.self).contains("\"Polygon\""))
        }
    }
}

/// The resilience view's map shades each area by the share known to two or more services, from published
/// figures only: 2 and 3+ added up, or — where those are suppressed — one less the share known to one.
@Suite("The resilience view's map")
struct ResilienceMapTests {
    @Test func eachAreaIsShadedByTheShareKnownToTwoOrMoreServices() throws {
        let rules = DisclosureRules()
        // Area A: 3+ is small (suppressed, and cells beside it); B and C: large enough to show.
        let counts = [[390, 60, 5], [100, 60, 40], [120, 70, 50]]
        let table = DisclosureControl.protect(CountTable(title: "t", rowVariable: "any:small_area", columnVariable: "services",
                                                         rows: ["A", "B", "C"], columns: ["1", "2", "3+"], counts: counts), rules: rules)
        #expect(table.cells[0][2].value == nil && table.cells[0][0].value != nil, "A's 3+ is suppressed, its 1 shown")
        let rates = table.cells.map { row in row.dropLast().map { c -> Double? in c.value.flatMap { v in row.last?.value.map { Double(v) / Double($0) } } } }
        let result = AnalysisResult(population: 895, table: table, rates: rates, findings: table.findings, withheld: false, rules: rules)
        func square(_ code: String, _ x: Double) -> String {
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"\(code)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\(x),51.5],[\(x + 0.01),51.5],[\(x + 0.01),51.51],[\(x),51.51],[\(x),51.5]]]}}"
        }
        let boundaries = "{\"type\":\"FeatureCollection\",\"features\":[\(square("A", 0.4)),\(square("B", 0.41)),\(square("C", 0.42))]}"
        let map = try #require(SVGMap.forOutput(result, boundaries: boundaries))
        var shaded = 0
        for (i, area) in ["A", "B", "C"].enumerated() {
            let c = table.cells[i], total = Double(c[3].value!)
            let expected: Double? = c[1].value != nil && c[2].value != nil ? Double(c[1].value! + c[2].value!) / total
                : c[0].value.map { 1 - Double($0) / total }
            let label = expected.map { String(format: "%.0f%%", $0 * 100) } ?? "suppressed"
            #expect(map.contains("\(area): \(label)<"), "\(area) shaded as \(label)")
            if expected != nil { shaded += 1 }
        }
        #expect(shaded == 3, "every area has a published share known to 2 or more")
        #expect(map.contains("known to 2 or more services"))
    }
}
