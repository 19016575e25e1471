import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven evaluate`: precision, recall and F1 of a linkage result against the truth.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a linkage result against the truth: precision, recall and F1 of record pairs, overall and per provider pair.",
        discussion: """
            RESULT is either clusters (columns dataset, record_id, cluster_id: records in one cluster are linked) or
            pairs (columns dataset_a, record_a, dataset_b, record_b). TRUTH is truth.csv from `linkhaven synth`
            (dataset, record_id, person_id, household_id, address_id). Records missing from a cluster result are
            singletons. A dataset paired with itself is within-provider de-duplication.
            """
    )

    @Argument(help: "The linkage result.") var result: String
    @Option(help: "The truth file.") var truth: String
    @Option(help: "person, household or address.") var level: String = "person"
    @Option(help: "The cluster column of a clusters result (e.g. household_id in linkhaven link's clusters.csv).") var clusterColumn: String = "cluster_id"
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto
    @Option(name: .customLong("vault"), help: ArgumentHelp("DATASET=VAULT: map that dataset's record tokens in the result to record ids (repeat per dataset).", valueName: "dataset=vault"))
    var vaults: [String] = []
    @Option(help: "The vault key for --vault (the provider's own; in a test or demo, the one used to pseudonymise).") var vaultKey: String?

    func run() throws {
        let evaluation = try LinkageEvaluation.loadTruth(path: truth, level: level)
        var result = try LinkageEvaluation.loadResult(path: result, clusterColumn: clusterColumn)
        if !vaults.isEmpty {
            guard let vaultKey else { throw CLIError("--vault needs --vault-key") }
            let secret = try SecretKey.read(from: vaultKey)
            var ids: [LinkageEvaluation.RecordKey: String] = [:]
            for v in vaults {
                let parts = v.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw CLIError("--vault takes DATASET=PATH") }
                for (token, id) in try VaultReader.recordIDsByToken(path: parts[1], secret: secret) {
                    ids[LinkageEvaluation.RecordKey(dataset: parts[0], id: token)] = id
                }
            }
            result = result.mapped { k in ids[k].map { LinkageEvaluation.RecordKey(dataset: k.dataset, id: $0) } ?? k }
        }
        let report = try evaluation.score(result, level: level)
        if format.isJSON { print(try OutputFormat.json(report)); return }
        func line(_ name: String, _ s: LinkageEvaluation.Score) -> String {
            name.padding(toLength: 40, withPad: " ", startingAt: 0)
                + String(format: "%9.4f %9.4f %9.4f %10d %10d %10d %10d", s.precision, s.recall, s.f1, s.truePairs, s.predictedPairs, s.falsePositives, s.falseNegatives)
        }
        print("\(level)-level linkage of \(Terminal.grouped(report.recordsInResult)) of \(Terminal.grouped(report.records)) records")
        print("pairs".padding(toLength: 40, withPad: " ", startingAt: 0) + "precision    recall        F1       true  predicted         FP         FN")
        print(line("overall", report.overall))
        for (name, s) in report.byDatasetPair.sorted(by: { $0.key < $1.key }) where s.truePairs + s.predictedPairs > 0 {
            print(line("  " + name, s))
        }
    }
}
