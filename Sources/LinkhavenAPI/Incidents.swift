import Foundation
import LinkhavenCore

/// Where an incident is: open when recorded (or when the breach guard finds identifiable data in an
/// upload); investigating; closed with its cause and the lessons learned (shared with the partners).
/// A closed incident stays closed.
public enum IncidentStatus: String, APIEnum {
    case open, investigating, closed

    /// Whether an incident in this status may be followed up to `next` (an open or investigated one may
    /// be updated in place, or closed).
    public func allows(_ next: IncidentStatus) -> Bool { self != .closed }
}

/// What happened (protocol section 10 and ¶213–¶215): the kinds of incident partners record.
public enum IncidentKind: String, APIEnum {
    /// Data received un-pseudonymised (the breach guard records these itself, with its findings).
    case unpseudonymised
    case wrongfulDisclosure, unauthorisedAccess, lostDevice, misuse, dataQuality, other

    /// The kind in words.
    public var label: String {
        switch self {
        case .unpseudonymised: "data received un-pseudonymised"
        case .wrongfulDisclosure: "wrongful disclosure"
        case .unauthorisedAccess: "unauthorised access"
        case .lostDevice: "lost or stolen device or media"
        case .misuse: "misuse outside the agreed purpose"
        case .dataQuality: "data quality failure"
        case .other: "other"
        }
    }
}

/// One line of an incident's timeline.
public enum IncidentEntryKind: String, APIEnum {
    /// Something done about it; containment; a note.
    case action, containment, note
    /// A partner's view on reporting to the ICO; the controller's decision (recorded by their own routes).
    case view, decision
    /// The status changed (investigating, closed).
    case status
}

/// A new incident, recorded by a member of the project: what happened, when it was discovered, what
/// and who it touches, and how bad it could be (severity and likelihood of harm, 1–5 each). Never an
/// identifier: the description is refused if it looks like it holds one.
public struct IncidentIn: Codable, Sendable, Equatable {
    public var project: UUID
    public var kind: IncidentKind
    public var discoveredAt: Date
    public var description: String
    public var datasets: [String]
    public var outputs: [UUID]
    /// Other organisations affected (the datasets' providers and the outputs' owners are added).
    public var organisations: [UUID]
    public var severity: Int
    public var likelihood: Int
    public init(project: UUID, kind: IncidentKind, discoveredAt: Date, description: String, datasets: [String] = [], outputs: [UUID] = [],
                organisations: [UUID] = [], severity: Int, likelihood: Int) {
        self.project = project; self.kind = kind; self.discoveredAt = discoveredAt; self.description = description; self.datasets = datasets
        self.outputs = outputs; self.organisations = organisations; self.severity = severity; self.likelihood = likelihood
    }
}

/// A timeline entry: what was done (`action`, `containment`) or a `note`.
public struct IncidentEntryIn: Codable, Sendable, Equatable {
    public var kind: IncidentEntryKind
    public var text: String
    public init(kind: IncidentEntryKind, text: String) { self.kind = kind; self.text = text }
}

/// A partner's view on reporting to the ICO, or the controller's decision (with the ICO's reference
/// when reported).
public struct RegulatorViewIn: Codable, Sendable, Equatable {
    public var report: Bool
    public var reason: String
    public var reference: String?
    public init(report: Bool, reason: String, reference: String? = nil) { self.report = report; self.reason = reason; self.reference = reference }
}

/// The follow-up of an incident: its status, and on closing its cause and the lessons learned (up to
/// 5,000 characters each).
public struct IncidentUpdate: Codable, Sendable, Equatable {
    public var status: IncidentStatus; public var cause: String; public var lessons: String
    public init(status: IncidentStatus, cause: String, lessons: String) { self.status = status; self.cause = cause; self.lessons = lessons }
}

/// One timeline entry as recorded: who (user and organisation), when, what.
public struct IncidentEntryOut: Codable, Sendable, Equatable {
    public var kind: IncidentEntryKind; public var organisation: UUID?; public var user: UUID?; public var text: String
    /// For a view or a decision: report to the ICO or not; the ICO's reference once reported.
    public var report: Bool?; public var reference: String?
    public var at: Date
    public init(kind: IncidentEntryKind, organisation: UUID?, user: UUID?, text: String, report: Bool?, reference: String?, at: Date) {
        self.kind = kind; self.organisation = organisation; self.user = user; self.text = text; self.report = report; self.reference = reference
        self.at = at
    }
}

/// An incident: what happened and to what (never a value), who is affected, the 72-hour clock, each
/// affected partner's view on reporting, the controller's decision, and the follow-up. A breach-guard
/// incident carries the upload and where the guard found what.
public struct IncidentOut: Codable, Sendable, Equatable {
    public var id: UUID
    /// The organisation that recorded it (for a breach-guard incident, the provider whose upload it was).
    public var organisation: UUID
    public var project: UUID
    public var kind: IncidentKind
    public var description: String
    /// The datasets, outputs and organisations affected (the recorder, the datasets' providers and the outputs' owners among them).
    public var datasets: [String]; public var outputs: [UUID]; public var affected: [UUID]
    /// The organisation that decides on reporting to the ICO: the provider of the data involved, or the recorder.
    public var controller: UUID
    /// Severity and likelihood of harm, 1–5 each, and their product (1–25).
    public var severity: Int; public var likelihood: Int; public var risk: Int
    public var discoveredAt: Date
    /// 72 hours from discovery: when a report to the ICO is due, if one is needed.
    public var regulatorDeadline: Date
    /// The affected partners (other than the controller) whose view on reporting is not yet recorded.
    public var viewsAwaited: [UUID]
    public var upload: UUID?
    public var findings: [ScanFinding]
    public var status: IncidentStatus; public var cause: String; public var lessons: String
    public var reportedToRegulator: Bool?; public var regulatorReference: String
    public var timeline: [IncidentEntryOut]
    public var createdAt: Date; public var closedAt: Date?
    /// The first affected dataset's name ("" when none): what a breach-guard incident was about.
    public var dataset: String { datasets.first ?? "" }

    public init(id: UUID, organisation: UUID, project: UUID, kind: IncidentKind, description: String, datasets: [String], outputs: [UUID],
                affected: [UUID], controller: UUID, severity: Int, likelihood: Int, discoveredAt: Date, viewsAwaited: [UUID], upload: UUID?,
                findings: [ScanFinding], status: IncidentStatus, cause: String, lessons: String, reportedToRegulator: Bool?,
                regulatorReference: String, timeline: [IncidentEntryOut], createdAt: Date, closedAt: Date?) {
        self.id = id; self.organisation = organisation; self.project = project; self.kind = kind; self.description = description
        self.datasets = datasets; self.outputs = outputs; self.affected = affected; self.controller = controller
        self.severity = severity; self.likelihood = likelihood; self.risk = severity * likelihood; self.discoveredAt = discoveredAt
        self.regulatorDeadline = discoveredAt.addingTimeInterval(72 * 3600); self.viewsAwaited = viewsAwaited; self.upload = upload
        self.findings = findings; self.status = status; self.cause = cause; self.lessons = lessons
        self.reportedToRegulator = reportedToRegulator; self.regulatorReference = regulatorReference; self.timeline = timeline
        self.createdAt = createdAt; self.closedAt = closedAt
    }
}

extension API {
    public static let incidents = Endpoint<NoBody, [IncidentOut]>(
        .get, "/api/v1/incidents", "Incidents: those recorded by or affecting the caller's organisation (all for the operator)",
        who: "an affected organisation's admin, signatory, provider or auditor; operator")
    public static let incident = Endpoint<NoBody, IncidentOut>(
        .get, "/api/v1/incidents/{incident}", "An incident: what happened, who is affected, the 72-hour clock, views, decision, timeline",
        who: "an affected organisation's admin, signatory, provider or auditor; operator")
    public static let recordIncident = Endpoint<IncidentIn, IncidentOut>(
        .post, "/api/v1/incidents", "Record an incident of any kind; every affected partner is told at once", who: "project access", success: 201)
    public static let addIncidentEntry = Endpoint<IncidentEntryIn, IncidentOut>(
        .post, "/api/v1/incidents/{incident}/timeline", "Add an action, containment or note to the timeline",
        who: "an affected organisation's admin or signatory, or the recorder")
    public static let giveRegulatorView = Endpoint<RegulatorViewIn, IncidentOut>(
        .post, "/api/v1/incidents/{incident}/views", "An affected partner's view on reporting to the ICO, before the controller decides",
        who: "an affected organisation's admin or signatory")
    public static let decideRegulator = Endpoint<RegulatorViewIn, IncidentOut>(
        .post, "/api/v1/incidents/{incident}/decision", "The controller's decision on reporting to the ICO, with its reason and the ICO's reference",
        who: "the controller's admin or signatory")
    public static let updateIncident = Endpoint<IncidentUpdate, IncidentOut>(
        .put, "/api/v1/incidents/{incident}", "Follow up an incident: investigating, or closed with the cause and lessons learned",
        who: "the controller's admin or signatory, operator")

    static let incidentOperations: [Operation] = [
        incidents.operation, incident.operation, recordIncident.operation, addIncidentEntry.operation, giveRegulatorView.operation,
        decideRegulator.operation, updateIncident.operation,
    ]
}

/// The breach guard's vocabularies, described in the document with every value they take.
extension IdentifierKind: APIEnum {}
extension LeakPlacement: APIEnum {}
/// Vocabularies of the provider tool's manifest and the quality report, likewise.
extension ProblemPolicy: APIEnum {}
extension OutputColumn.Kind: APIEnum {}
