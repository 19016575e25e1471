import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension LinkageWorker {
    /// What a finished engine run leaves to store: records by project key, the review queue, the report.
    struct RunResult: Sendable {
        var records: [(dataset: String, key: String, person: Int, household: Int)]
        var review: [(datasetA: String, datasetB: String, keyA: String, keyB: String, weight: Double, probability: Double, explanation: String)]
        var report: LinkageReport
    }

    /// The most uncertain pairs kept for clerical review per run.
    static let reviewLimit = 2_000

    /// Streams the run's dataset versions out of the store (decrypted in memory only) into the
    /// engine on a thread of its own (at lowered priority), following the project's clerical decisions.
    func execute(_ job: LinkageJob, progress: RunProgress) async throws -> RunResult {
        // A designed run carries the spec it designs from; any other run, its link config.
        let designed = DesignedLinkage.read(job.config)
        let config = designed == nil ? try JSONDecoder().decode(LinkConfig.self, from: Data(job.config.utf8)) : nil
        let inputs = try JSONDecoder().decode([RunInput].self, from: Data(job.inputs.utf8))
        guard let project = try await Project.find(job.projectID, on: db), !project.platformKey.isEmpty else { throw RunFailure("the project is gone") }
        let rekey = try platform.rekey(project)
        var sources: [String: DatasetVersion] = [:]
        for input in inputs {
            guard let v = try await DatasetVersion.find(input.version, on: db), !v.wrappedKey.isEmpty else {
                throw RunFailure("dataset '\(input.dataset)' version \(input.number) was destroyed before the run could read it; start a new run")
            }
            sources[input.dataset] = v
        }
        let decisions = try await ClericalDecision.query(on: db).filter(\.$projectID == job.projectID).all()
            .map { ($0.keyA, $0.keyB, $0.isMatch) }
        let platform = self.platform, opened = sources
        return try await withCheckedThrowingContinuation { c in
            let thread = Thread {
                // Below the request handlers: a run is long work nobody is waiting on second by second;
                // its worker threads inherit this priority.
                LinkhavenCore.System.lowerThreadPriority()
                c.resume(with: Result {
                    func open(_ name: String) throws -> (CSVReader, String) {
                        guard let v = opened[name] else { throw RunFailure("the configuration names dataset '\(name)', which the run has no version of") }
                        let sealed = try platform.open(v)
                        return (CSVReader(chunks: { try sealed.next() }), name)
                    }
                    var run = if let designed {
                        try LinkageRun.designed(spec: designed.spec, datasets: inputs.map { ($0.dataset, $0.dataset) }, progress: progress.set, open: open)
                    } else {
                        try LinkageRun(config: config!, progress: progress.set) { try open($0.name) }
                    }
                    let keys = run.table.recordTokens.map(rekey.recordKey)
                    let index = Dictionary(keys.enumerated().map { ($0.element, Int32($0.offset)) }, uniquingKeysWith: { a, _ in a })
                    run.clerical = decisions.compactMap { a, b, match in
                        guard let i = index[a], let j = index[b] else { return nil }
                        return ClericalPair(i: i, j: j, isMatch: match)
                    }
                    try run.run(train: designed == nil, workers: System.coreCount) { line in
                        progress.set(line)
                        if line.hasPrefix("scoring") { Failpoint.hit("linkage.scoring") }
                    }
                    return Self.result(of: run, keys: keys)
                })
            }
            thread.name = "linkhaven-run"
            thread.start()
        }
    }

    static func result(of run: LinkageRun, keys: [String]) -> RunResult {
        let t = run.table
        let records = (0..<t.count).map { i in
            (dataset: t.datasets[Int(t.datasetOf[i])], key: keys[i], person: Int(run.persons[i]), household: Int(run.households[i]))
        }
        let uncertain = run.review.sorted { abs($0.probability - 0.5) < abs($1.probability - 0.5) }.prefix(reviewLimit)
        let review = uncertain.map { l in
            let explanation = (try? JSONEncoder().encode(run.comparator.explain(run.model, Int(l.i), Int(l.j)))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return (datasetA: t.datasets[Int(t.datasetOf[Int(l.i)])], datasetB: t.datasets[Int(t.datasetOf[Int(l.j)])],
                    keyA: keys[Int(l.i)], keyB: keys[Int(l.j)], weight: Double(l.weight), probability: Double(l.probability), explanation: explanation)
        }
        return RunResult(records: records, review: review, report: run.report)
    }

}

/// Re-keys source record tokens into project-specific keys with the project's platform key, so
/// that keys differ between projects and results cannot be joined across them.
struct ProjectRekey: Sendable {
    let key: SymmetricKey
    func recordKey(_ token: String) -> String {
        "r" + Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(("record\u{0}" + token).utf8), using: key)).prefix(16))
    }
}

extension Array {
    func chunked(into n: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: n).map { self[$0..<Swift.min(count, $0 + n)] }
    }
}
