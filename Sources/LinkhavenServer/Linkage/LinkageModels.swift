import Fluent
import Foundation
import Vapor

/// A linkage run over a project's current dataset versions: queued by an analyst, claimed and run
/// by a worker process, which records its progress and a heartbeat. A run whose worker stops
/// beating is claimed again and restarted cleanly.
final class LinkageJob: Model, @unchecked Sendable {
    static let schema = "linkage_runs"
    /// Runs a project may have queued or running at once.
    static let activeLimit = 3
    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "requested_by") var requestedBy: UUID
    /// queued, running, succeeded, failed or cancelled.
    @Field(key: "status") var status: RunStatus
    @Field(key: "progress") var progress: String
    /// The claim of the worker now running it (a fresh id per claim), and who that is.
    @OptionalField(key: "claim") var claim: UUID?
    @Field(key: "worker") var worker: String
    @OptionalField(key: "heartbeat_at") var heartbeatAt: Date?
    @Field(key: "attempts") var attempts: Int
    /// The linkage configuration (`LinkConfig` JSON) and the dataset versions it runs on (`[RunInput]` JSON).
    @Field(key: "config") var config: String
    @Field(key: "inputs") var inputs: String
    /// The run report (`LinkageReport` JSON with the model), once it succeeded.
    @Field(key: "report") var report: String
    @Field(key: "error") var error: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $projectID, $requestedBy, $status, $progress, $claim, $worker, $heartbeatAt, $attempts, $config, $inputs, $report, $error,
         $createdAt, $startedAt, $finishedAt]
    }
    init() {}
}


extension LinkageJob {
    /// The names of the datasets the run reads.
    var inputDatasets: [String] { ((try? JSONDecoder().decode([RunInput].self, from: Data(inputs.utf8))) ?? []).map(\.dataset) }
}

/// One dataset version a run used.
struct RunInput: Codable, Sendable, Equatable {
    var dataset: String
    var version: UUID
    var number: Int
    var contentSHA256: String
}

/// A record's place in a run's result: its project-specific key (the source record token re-keyed
/// with the project's platform key), and its person and household within the run.
final class LinkedRecord: Model, @unchecked Sendable {
    static let schema = "linked_records"
    @ID(key: .id) var id: UUID?
    @Field(key: "run_id") var runID: UUID
    @Field(key: "dataset") var dataset: String
    @Field(key: "record_key") var recordKey: String
    @Field(key: "person") var person: Int
    @Field(key: "household") var household: Int
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $runID, $dataset, $recordKey, $person, $household] }
    init() {}
}

/// An uncertain pair for clerical review: its comparison vector and weights, never identities.
/// Decisions are kept per project by record keys, and the next run follows them.
final class ReviewPair: Model, @unchecked Sendable {
    static let schema = "review_pairs"
    @ID(key: .id) var id: UUID?
    @Field(key: "run_id") var runID: UUID
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "dataset_a") var datasetA: String
    @Field(key: "dataset_b") var datasetB: String
    @Field(key: "key_a") var keyA: String
    @Field(key: "key_b") var keyB: String
    @Field(key: "weight") var weight: Double
    @Field(key: "probability") var probability: Double
    /// The explanation (`PairExplanation` JSON): per comparison, the level reached and its weight.
    @Field(key: "explanation") var explanation: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $runID, $projectID, $datasetA, $datasetB, $keyA, $keyB, $weight, $probability, $explanation] }
    init() {}
}

/// A reviewer's decision on a pair of records, by their project keys (ordered), for every later run.
final class ClericalDecision: Model, @unchecked Sendable {
    static let schema = "clerical_decisions"
    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "key_a") var keyA: String
    @Field(key: "key_b") var keyB: String
    @Field(key: "is_match") var isMatch: Bool
    @Field(key: "decided_by") var decidedBy: UUID
    @Field(key: "decided_at") var decidedAt: Date
    /// The probability the model gave the pair when it was decided (for estimated precision by band).
    @Field(key: "probability") var probability: Double
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $projectID, $keyA, $keyB, $isMatch, $decidedBy, $decidedAt, $probability] }
    init() {}
}
