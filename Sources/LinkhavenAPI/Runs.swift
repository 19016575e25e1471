import Foundation
import LinkhavenCore

/// One dataset version a linkage run used, and whether it is still current.
public struct RunInputOut: Codable, Sendable, Equatable {
    public var dataset: String; public var version: Int; public var contentSHA256: String; public var stale: Bool
    public init(dataset: String, version: Int, contentSHA256: String, stale: Bool) {
        self.dataset = dataset; self.version = version; self.contentSHA256 = contentSHA256; self.stale = stale
    }
}

/// A linkage run: where it is, what it used, and (read alone) its report.
public struct RunOut: Codable, Sendable {
    public var id: UUID; public var project: UUID; public var status: RunStatus; public var progress: String; public var attempts: Int
    public var worker: String
    public var createdAt: Date; public var startedAt: Date?; public var finishedAt: Date?; public var error: String?
    /// The dataset versions used; the run is stale once any of them is no longer current.
    public var inputs: [RunInputOut]; public var stale: Bool
    public var report: LinkageReport?
    /// What reviewers decided so far in this project, by the model's probability band: an observed
    /// precision to set beside the model's expected one.
    public var clerical: [ClericalBand]?

    public init(id: UUID, project: UUID, status: RunStatus, progress: String, attempts: Int, worker: String, createdAt: Date,
                startedAt: Date?, finishedAt: Date?, error: String?, inputs: [RunInputOut], stale: Bool, report: LinkageReport?,
                clerical: [ClericalBand]?) {
        self.id = id; self.project = project; self.status = status; self.progress = progress; self.attempts = attempts; self.worker = worker
        self.createdAt = createdAt; self.startedAt = startedAt; self.finishedAt = finishedAt; self.error = error
        self.inputs = inputs; self.stale = stale; self.report = report; self.clerical = clerical
    }
}

/// Reviewers' decisions in one band of the model's match probability.
public struct ClericalBand: Codable, Sendable, Equatable {
    public var band: String; public var decided: Int; public var matches: Int; public var observedPrecision: Double
    public init(band: String, decided: Int, matches: Int, observedPrecision: Double) {
        self.band = band; self.decided = decided; self.matches = matches; self.observedPrecision = observedPrecision
    }
}

/// A pair in the clerical review queue: its weight and why, never the values compared.
public struct ReviewPairOut: Codable, Sendable, Equatable {
    public var id: UUID; public var datasetA: String; public var datasetB: String; public var weight: Double; public var probability: Double
    /// Per comparison: the level the pair reached and its weight; never the values compared.
    public var explanation: PairExplanation?
    /// The decision already taken on this pair (in any run of the project), if any.
    public var isMatch: Bool?
    public init(id: UUID, datasetA: String, datasetB: String, weight: Double, probability: Double, explanation: PairExplanation?, isMatch: Bool?) {
        self.id = id; self.datasetA = datasetA; self.datasetB = datasetB; self.weight = weight; self.probability = probability
        self.explanation = explanation; self.isMatch = isMatch
    }
}

/// A reviewer's decision on a pair.
public struct DecisionIn: Codable, Sendable, Equatable {
    public var isMatch: Bool
    public init(isMatch: Bool) { self.isMatch = isMatch }
}

extension API {
    public static let startRun = Endpoint<NoBody, RunOut>(
        .post, "/api/v1/projects/{id}/runs", "Queue a linkage run over the current dataset versions (designed from the spec unless a configuration is set)", who: "project analyst", success: 202)
    public static let runs = Endpoint<NoBody, [RunOut]>(
        .get, "/api/v1/projects/{id}/runs", "The project's linkage runs, their progress and staleness", who: "project access")
    public static let run = Endpoint<NoBody, RunOut>(
        .get, "/api/v1/runs/{run}", "A linkage run with its inputs and report (counts, weights, model, and the design when the engine chose it)", who: "project access")
    public static let cancelRun = Endpoint<NoBody, RunOut>(
        .post, "/api/v1/runs/{run}/cancel", "Cancel a queued or running run", who: "project analyst")
    public static let reviewQueue = Endpoint<NoBody, [ReviewPairOut]>(
        .get, "/api/v1/runs/{run}/review", "The clerical review queue: comparison levels and weights, never identities",
        who: "project analyst or reviewer")
    public static let decidePair = Endpoint<DecisionIn, ReviewPairOut>(
        .put, "/api/v1/runs/{run}/review/{pair}", "Decide a pair (isMatch); later runs follow it", who: "project analyst or reviewer")

    static let runOperations: [Operation] = [
        startRun.operation, runs.operation, run.operation, cancelRun.operation, reviewQueue.operation, decidePair.operation,
    ]
}
