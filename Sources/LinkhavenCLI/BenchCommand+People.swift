import Foundation
import LinkhavenCore

extension BenchCommand {
    /// Benchmark people (seed 1) pseudonymised with the benchmark spec under fresh keys, in `dir` (made here):
    /// the file's path and its columns. Used by the benchmarks that measure what happens to such a file.
    static func pseudonymisedPeople(rows: Int, in dir: String) throws -> (path: String, columns: [OutputColumn]) {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let people = dir + "/people.csv", pseudo = dir + "/people.pseudo.csv"
        try generate(rows: rows, seed: 1, to: people)
        let spec = try SpecLoader.load(data: Data(BenchmarkPeople.specJSON.utf8), file: "benchmark spec")
        let reader = try CSVReader(path: people)
        let plan = try DatasetPlan(spec: spec, dataset: spec.datasets[0], header: try reader.next()!.fields, projectSecret: SecretKey.generate(),
                                   vaultSecret: SecretKey.generate(), specDirectory: dir)
        _ = try PseudonymisationJob(plan: plan).run(reader: reader, totalBytes: 0, output: CSVWriter(file: try AtomicFileWriter(path: pseudo, overwrite: true)),
                                                    problems: { _ in }, vault: nil, progress: { _ in })
        return (pseudo, spec.datasets[0].outputColumns)
    }
}
