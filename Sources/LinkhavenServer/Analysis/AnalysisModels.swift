import Fluent
import Foundation
import Vapor

/// An analysis output: its definition, the linkage run it used, and its disclosure-checked result.
/// Analysts and reviewers see it at once; partners once it is released; anyone once published.
final class AnalysisOutput: Model, @unchecked Sendable {
    static let schema = "analysis_outputs"
    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "run_id") var runID: UUID
    @Field(key: "author") var author: UUID
    @Field(key: "definition") var definition: String
    @Field(key: "result") var result: String
    /// The datasets it is built from (JSON list): their providers approve its release.
    @Field(key: "datasets") var datasets: String
    /// The organisations whose data it uses, comma-separated, fixed when it is made: every one of them
    /// must approve its release, whatever becomes of the agreement or the partnership afterwards.
    @Field(key: "owners") var owners: String
    /// checked, requested, released, published or rejected.
    @Field(key: "status") var status: OutputStatus
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "released_at") var releasedAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $projectID, $runID, $author, $definition, $result, $datasets, $owners, $status, $createdAt, $releasedAt]
    }
    init() {}
}

/// A reviewer's or a data owner's decision on releasing an output.
final class ReleaseDecision: Model, @unchecked Sendable {
    static let schema = "release_decisions"
    @ID(key: .id) var id: UUID?
    @Field(key: "output_id") var outputID: UUID
    /// `review` (an independent reviewer) or `owner` (a provider whose data it uses).
    @Field(key: "kind") var kind: String
    @Field(key: "user_id") var userID: UUID
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "approve") var approve: Bool
    @Field(key: "note") var note: String
    @Field(key: "decided_at") var decidedAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $outputID, $kind, $userID, $organisation, $approve, $note, $decidedAt] }
    init() {}
}
