import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// An incident (protocol section 10, ¶213–¶215): what happened, to which datasets, outputs and
/// organisations, how bad it could be, and its follow-up. A breach-guard incident (a file that was
/// not fully pseudonymised) also records where the guard found what (columns, line numbers,
/// detectors, counts), never what. Nothing about an incident holds a raw identifier.
final class Incident: Model, @unchecked Sendable {
    static let schema = "incidents"
    /// `upload_id` is required (as when only the breach guard opened incidents, and SQLite cannot
    /// relax a column in place): an incident without an upload holds this nil UUID there.
    static let noUpload = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    @ID(key: .id) var id: UUID?
    /// The organisation that recorded it (for the breach guard, the provider whose upload it was).
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "kind") var kind: IncidentKind
    @Field(key: "description") var description: String
    /// The first affected dataset (kept for what read it before `datasets`).
    @Field(key: "dataset") var dataset: String
    /// JSON lists: dataset names, output ids, affected organisation ids.
    @Field(key: "datasets") var datasets: String
    @Field(key: "outputs") var outputs: String
    @Field(key: "affected") var affected: String
    @OptionalField(key: "controller") var controller: UUID?
    @Field(key: "severity") var severity: Int
    @Field(key: "likelihood") var likelihood: Int
    @OptionalField(key: "discovered_at") var discoveredAt: Date?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Field(key: "upload_id") var uploadID: UUID
    /// JSON list of `ScanFinding` (breach-guard incidents; `[]` otherwise).
    @Field(key: "findings") var findings: String
    /// open, investigating, closed.
    @Field(key: "status") var status: IncidentStatus
    @Field(key: "cause") var cause: String
    @Field(key: "lessons") var lessons: String
    @Field(key: "reported_to_regulator") var reportedToRegulator: Bool
    @Field(key: "regulator_reference") var regulatorReference: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $organisation, $projectID, $kind, $description, $dataset, $datasets, $outputs, $affected, $controller, $severity,
         $likelihood, $discoveredAt, $recordedBy, $uploadID, $findings, $status, $cause, $lessons, $reportedToRegulator,
         $regulatorReference, $createdAt, $closedAt]
    }
    init() {}

    static func encode<T: Encodable>(_ list: [T]) -> String { String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self) }
    static func decode<T: Decodable>(_ text: String, as: T.Type) -> [T] { (try? JSONDecoder().decode([T].self, from: Data(text.utf8))) ?? [] }

    var datasetNames: [String] { Self.decode(datasets, as: String.self) }
    var outputIDs: [UUID] { Self.decode(outputs, as: UUID.self) }
    var affectedIDs: [UUID] { Self.decode(affected, as: UUID.self) }
    var controllerID: UUID { controller ?? organisation }
    var upload: UUID? { uploadID == Self.noUpload ? nil : uploadID }
}

/// One line of an incident's timeline: an action, containment, a note, a partner's view on
/// reporting to the ICO, the controller's decision, or a change of status.
final class IncidentEntry: Model, @unchecked Sendable {
    static let schema = "incident_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "incident_id") var incidentID: UUID
    @Field(key: "kind") var kind: IncidentEntryKind
    @OptionalField(key: "organisation") var organisation: UUID?
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "text") var text: String
    /// For a view or a decision: report to the ICO or not.
    @OptionalField(key: "report") var report: Bool?
    /// For a decision to report: the ICO's reference ("" otherwise).
    @Field(key: "reference") var reference: String
    @Field(key: "created_at") var createdAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $incidentID, $kind, $organisation, $userID, $text, $report, $reference, $createdAt] }
    init() {}

    var out: IncidentEntryOut {
        IncidentEntryOut(kind: kind, organisation: organisation, user: userID, text: text, report: report,
                         reference: reference.isEmpty ? nil : reference, at: createdAt)
    }
}
