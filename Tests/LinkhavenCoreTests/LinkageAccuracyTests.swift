import Foundation
import Testing
@testable import LinkhavenCore

/// The engine on the hard synthetic partnership, pseudonymised: accuracy against the truth.
@Suite("Linkage accuracy on pseudonymised hard data")
struct LinkageAccuracyTests {
    @Test func linksPersonsAndHouseholdsAccurately() throws {
        let g = try SynthTests.generate(households: 3000, seed: 11)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        let tokenToID = try SynthTests.pseudonymiseAll(g.dir)
        let config = try LinkConfig.load(data: Data(contentsOf: URL(fileURLWithPath: g.dir + "/link-config.json")), file: "link-config.json")
        var run = try LinkageRun(config: config, directory: g.dir)
        try run.run()
        func clusters(_ labels: [Int32]) -> [LinkageEvaluation.RecordKey: String] {
            var c: [LinkageEvaluation.RecordKey: String] = [:]
            for i in 0..<run.table.count {
                let k = LinkageEvaluation.RecordKey(dataset: run.table.datasets[Int(run.table.datasetOf[i])], id: run.table.recordTokens[i])
                c[LinkageEvaluation.RecordKey(dataset: k.dataset, id: tokenToID[k]!)] = String(labels[i])
            }
            return c
        }
        let person = try LinkageEvaluation.loadTruth(path: g.dir + "/truth.csv", level: "person").score(clusters: clusters(run.persons), level: "person")
        let household = try LinkageEvaluation.loadTruth(path: g.dir + "/truth.csv", level: "household").score(clusters: clusters(run.households), level: "household")
        #expect(person.overall.f1 > 0.9, "person level: \(person.overall)")
        #expect(person.overall.precision > 0.9 && person.overall.recall > 0.85, "\(person.overall)")
        #expect(household.overall.f1 > 0.8, "household level: \(household.overall)")
        #expect(run.report.blocking.count == config.blocking.count && run.report.links > 0)
        #expect(run.report.model?.comparisons.first { $0.name == "date of birth" }?.levels[0].weight ?? 0 > 8,
                "exact date of birth is strong evidence once trained")

        // The pure CLK mode (anonlink's method) on the same encodings, housing ↔ police, against the model.
        let pair = "housing ~ police"
        var clkConfig = config
        clkConfig.datasets = config.datasets.filter { ["housing", "police"].contains($0.name) }
        clkConfig.linkType = "linkOnly"
        clkConfig.clkOnly = LinkConfig.CLKOnly(column: "person_clk", threshold: 0.8)
        var clkRun = try LinkageRun(config: clkConfig, directory: g.dir)
        try clkRun.run()
        var clkClusters: [LinkageEvaluation.RecordKey: String] = [:]
        for i in 0..<clkRun.table.count {
            let k = LinkageEvaluation.RecordKey(dataset: clkRun.table.datasets[Int(clkRun.table.datasetOf[i])], id: clkRun.table.recordTokens[i])
            clkClusters[LinkageEvaluation.RecordKey(dataset: k.dataset, id: tokenToID[k]!)] = String(clkRun.persons[i])
        }
        let clkScore = try LinkageEvaluation.loadTruth(path: g.dir + "/truth.csv", level: "person").score(clusters: clkClusters, level: "person")
        let modelPair = try #require(person.byDatasetPair[pair]), clkPair = try #require(clkScore.byDatasetPair[pair])
        #expect(clkPair.truePairs == modelPair.truePairs)
        #expect(clkPair.predictedPairs > 0, "CLK mode links something: \(clkPair)")
        #expect(modelPair.f1 > clkPair.f1, "model \(modelPair.f1) vs CLK threshold \(clkPair.f1)")
    }
}
