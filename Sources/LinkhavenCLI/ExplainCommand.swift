import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven explain`: why any two records score as they do under a model.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how a saved model scores any pair of records: each comparison's level and match weight (a waterfall).",
        discussion: "Records are named DATASET:RECORD_TOKEN, as in links.csv and clusters.csv.")

    @Argument(help: "The linkage config.") var config: String
    @Option(help: "The saved model (model.json from linkhaven link).") var model: String
    @Option(name: .customLong("a"), help: "The first record, DATASET:RECORD_TOKEN.") var recordA: String
    @Option(name: .customLong("b"), help: "The second record, DATASET:RECORD_TOKEN.") var recordB: String
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto

    func run() throws {
        let cfg = try LinkConfig.load(data: try Data(contentsOf: URL(fileURLWithPath: config)), file: config)
        let m = try FellegiSunterModel.load(path: model)
        let run = try LinkageRun(config: cfg, directory: Paths.directory(of: config), model: m)
        run.comparator.prepare(m)
        func find(_ name: String) throws -> Int {
            let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let d = run.table.datasets.firstIndex(of: parts[0]) else {
                throw CLIError("'\(name)' is not DATASET:RECORD_TOKEN for a dataset of the config")
            }
            guard let i = (0..<run.table.count).first(where: { Int(run.table.datasetOf[$0]) == d && run.table.recordTokens[$0] == parts[1] }) else {
                throw CLIError("dataset '\(parts[0])' has no record with that token")
            }
            return i
        }
        let e = run.comparator.explain(m, try find(recordA), try find(recordB))
        if format.isJSON { print(try OutputFormat.json(e)); return }
        print("prior".padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%+8.2f", e.priorWeight))
        for s in e.steps {
            let tf = s.tfAdjustment != 0 ? String(format: "  (term frequency %+.2f)", s.tfAdjustment) : ""
            print("\(s.comparison.padding(toLength: 16, withPad: " ", startingAt: 0))\(s.level.padding(toLength: 20, withPad: " ", startingAt: 0))" + String(format: "%+8.2f", s.weight) + tf)
        }
        print("total match weight".padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%+8.2f", e.totalWeight) + String(format: "   probability %.6f", e.probability))
    }
}
