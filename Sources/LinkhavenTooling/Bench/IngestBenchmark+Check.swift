import Fluent
import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

extension IngestBenchmark {
    /// A partner's analyst reading while the uploads run: the project's datasets, a quality report,
    /// notifications. Every reply must be 200.
    static func read(_ client: APIClient, _ p: DemoPartnership, reader: Int, until done: ManagedAtomicFlag, samples: LatencySamples) async {
        let token = (reader % 2 == 0 ? p.county : p.borough).tokens[.analyst]!
        let clock = ContinuousClock()
        var round = 0
        while !done.isSet {
            round += 1
            let began = clock.now
            guard let datasets = try? await client.call(API.datasets, p.project, token: token) else { samples.fail(); continue }
            samples.add(clock.now - began)
            var paths = [API.notifications.relativeTarget([])]
            if let d = datasets.randomElement(), let v = d.versions.randomElement() { paths.append(API.versionQuality.relativeTarget([d.id.uuidString, String(v.number)])) }
            for path in paths {
                let began = clock.now
                if let r = try? await client.call(.GET, path, token: token), r.status == .ok { samples.add(clock.now - began) } else { samples.fail() }
            }
        }
    }

    /// What was lost or altered: every upload accepted as its dataset's next version, versions
    /// numbered 1…n with one current, and every stored file decrypting to exactly the file sent.
    static func verify(_ app: Application, _ p: DemoPartnership, _ outcomes: [Outcome]) async throws -> [String] {
        var problems: [String] = []
        for o in outcomes where o.upload?.status != .accepted {
            problems.append("an upload of \(o.job.dataset) ended \(o.upload?.status.rawValue ?? "in an error"): \(o.error ?? o.upload?.problems.map(\.reason).joined(separator: "; ") ?? "")")
        }
        let project = try UUID(uuidString: p.project).orThrow("bad project id")
        for (name, sent) in Dictionary(grouping: outcomes, by: \.job.dataset) {
            guard let versions = try await app.storedVersions(project: project, dataset: name) else {
                problems.append("dataset \(name) is missing"); continue
            }
            if versions.map(\.number) != Array(1...max(1, sent.count)) { problems.append("\(name): versions \(versions.map(\.number)) for \(sent.count) uploads") }
            if versions.filter({ $0.status == VersionStatus.current }).count != 1 { problems.append("\(name): not exactly one current version") }
            if Set(versions.map(\.contentSHA256)) != Set(sent.map { $0.job.manifest.fileSHA256.lowercased() }) { problems.append("\(name): stored hashes differ from those sent") }
            for v in versions {
                if v.storedSHA256 != v.contentSHA256 || v.storedBytes != v.bytes { problems.append("\(name) v\(v.number): stored bytes differ from those sent") }
            }
        }
        return problems
    }
}

/// A flag set once by one task and read by others.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
    func clear() { lock.withLock { value = false } }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw APIClientError(message) }
        return self
    }
}
