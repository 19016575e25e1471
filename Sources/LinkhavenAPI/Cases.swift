import Foundation
import LinkhavenCore

/// A breach incident: open when the breach guard finds identifiable data in an upload; investigated;
/// closed with its cause and the lessons learned (shared with the partners). A closed incident stays closed.
public enum IncidentStatus: String, APIEnum {
    case open, investigating, closed

    /// Whether an incident in this status may be followed up to `next` (an open or investigated one may
    /// be updated in place, or closed).
    public func allows(_ next: IncidentStatus) -> Bool { self != .closed }
}

/// A breach incident: where the breach guard found what (never a value), and its follow-up.
public struct IncidentOut: Codable, Sendable, Equatable {
    public var id: UUID; public var organisation: UUID; public var project: UUID; public var dataset: String; public var upload: UUID
    public var findings: [ScanFinding]
    public var status: IncidentStatus; public var cause: String; public var lessons: String; public var reportedToRegulator: Bool
    public var regulatorReference: String
    public var createdAt: Date; public var closedAt: Date?
    public init(id: UUID, organisation: UUID, project: UUID, dataset: String, upload: UUID, findings: [ScanFinding], status: IncidentStatus,
                cause: String, lessons: String, reportedToRegulator: Bool, regulatorReference: String, createdAt: Date, closedAt: Date?) {
        self.id = id; self.organisation = organisation; self.project = project; self.dataset = dataset; self.upload = upload
        self.findings = findings; self.status = status; self.cause = cause; self.lessons = lessons; self.reportedToRegulator = reportedToRegulator
        self.regulatorReference = regulatorReference; self.createdAt = createdAt; self.closedAt = closedAt
    }
}

/// The follow-up of an incident: its status, cause and lessons (up to 5,000 characters each), and
/// whether the regulator (ICO) was told.
public struct IncidentUpdate: Codable, Sendable, Equatable {
    public var status: IncidentStatus; public var cause: String; public var lessons: String; public var reportedToRegulator: Bool
    public var regulatorReference: String?
    public init(status: IncidentStatus, cause: String, lessons: String, reportedToRegulator: Bool, regulatorReference: String?) {
        self.status = status; self.cause = cause; self.lessons = lessons; self.reportedToRegulator = reportedToRegulator
        self.regulatorReference = regulatorReference
    }
}

/// A data quality issue: open until the provider resolves it with a newer version.
public enum QualityIssueStatus: String, APIEnum {
    case open, resolved

    /// Whether an issue in this status may move to `next`.
    public func allows(_ next: QualityIssueStatus) -> Bool { self == .open && next == .resolved }
}

/// A data quality issue raised on a version of a dataset (by column, line and count; never a value).
public struct QualityIssueIn: Codable, Sendable, Equatable {
    public var version: Int; public var description: String
    public init(version: Int, description: String) { self.version = version; self.description = description }
}

/// A data quality issue and whether a newer version resolved it.
public struct QualityIssueOut: Codable, Sendable, Equatable {
    public var id: UUID; public var version: Int; public var raisedByOrganisation: UUID; public var description: String
    public var status: QualityIssueStatus; public var resolvedByVersion: Int?
    public init(id: UUID, version: Int, raisedByOrganisation: UUID, description: String, status: QualityIssueStatus, resolvedByVersion: Int?) {
        self.id = id; self.version = version; self.raisedByOrganisation = raisedByOrganisation; self.description = description
        self.status = status; self.resolvedByVersion = resolvedByVersion
    }
}

/// The version that resolves a quality issue.
public struct ResolveIn: Codable, Sendable, Equatable {
    public var version: Int
    public init(version: Int) { self.version = version }
}

/// A request to audit a provider's pseudonymisation (protocol section 8): requested, then approved
/// (with the assessment reference and the documented procedure) or declined.
public enum AuditRequestStatus: String, APIEnum {
    case requested, approved, declined

    /// Whether a request in this status may move to `next`.
    public func allows(_ next: AuditRequestStatus) -> Bool { self == .requested && next != .requested }
}

/// Why a partner asks to audit a provider's pseudonymisation.
public struct AuditRequestIn: Codable, Sendable, Equatable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// A provider's approval of an audit: the assessment reference and the pseudonymisation procedure as documented.
public struct AuditApproval: Codable, Sendable, Equatable {
    public var assessmentReference: String; public var procedure: String
    public init(assessmentReference: String, procedure: String) { self.assessmentReference = assessmentReference; self.procedure = procedure }
}

/// An audit request and where it stands.
public struct AuditRequestOut: Codable, Sendable, Equatable {
    public var id: UUID; public var dataset: UUID; public var version: Int; public var requesterOrganisation: UUID; public var reason: String
    public var status: AuditRequestStatus
    public init(id: UUID, dataset: UUID, version: Int, requesterOrganisation: UUID, reason: String, status: AuditRequestStatus) {
        self.id = id; self.dataset = dataset; self.version = version; self.requesterOrganisation = requesterOrganisation; self.reason = reason
        self.status = status
    }
}

extension API {
    public static let incidents = Endpoint<NoBody, [IncidentOut]>(
        .get, "/api/v1/incidents", "Breach incidents (own organisation's, or all for the operator)", who: "provider org, operator")
    public static let incident = Endpoint<NoBody, IncidentOut>(
        .get, "/api/v1/incidents/{incident}", "A breach incident: columns, lines, detectors, counts; follow-up", who: "provider org, operator")
    public static let updateIncident = Endpoint<IncidentUpdate, IncidentOut>(
        .put, "/api/v1/incidents/{incident}", "Follow up an incident: status, cause, lessons, regulator", who: "provider admin or signatory, operator")
    public static let markNotificationRead = Endpoint<NoBody, NoBody>(
        .post, "/api/v1/notifications/{n}/read", "Mark a notification read", who: "signed in", success: 204)
    public static let raiseQualityIssue = Endpoint<QualityIssueIn, QualityIssueOut>(
        .post, "/api/v1/datasets/{dataset}/quality-issues", "Raise a data quality issue", who: "project access", success: 201)
    public static let qualityIssues = Endpoint<NoBody, [QualityIssueOut]>(
        .get, "/api/v1/datasets/{dataset}/quality-issues", "Data quality issues", who: "project access")
    public static let resolveQualityIssue = Endpoint<ResolveIn, QualityIssueOut>(
        .post, "/api/v1/datasets/{dataset}/quality-issues/{issue}/resolve", "Resolve an issue with a newer version", who: "the provider")
    public static let requestAudit = Endpoint<AuditRequestIn, AuditRequestOut>(
        .post, "/api/v1/datasets/{dataset}/audit-requests", "Ask to audit the provider's pseudonymisation",
        who: "another partner's admin or signatory", success: 201)
    public static let auditRequests = Endpoint<NoBody, [AuditRequestOut]>(
        .get, "/api/v1/datasets/{dataset}/audit-requests", "Audit requests on a dataset (all for its provider, its own for a requester)",
        who: "project access")

    public static let approveAudit = Endpoint<AuditApproval, AuditRequestOut>(
        .post, "/api/v1/audit-requests/{request}/approve", "Approve an audit, with the assessment reference and the procedure as documented",
        who: "the provider's admin or signatory")
    public static let declineAudit = Endpoint<NoBody, AuditRequestOut>(
        .post, "/api/v1/audit-requests/{request}/decline", "Decline an audit", who: "the provider's admin or signatory")
    public static let auditBundle = Endpoint<NoBody, TarArchive>(
        .get, "/api/v1/audit-requests/{request}/bundle", "The audit pack (tar) once approved", who: "the requester's admin, signatory or auditor")

    static let caseOperations: [Operation] = [
        incidents.operation, incident.operation, updateIncident.operation, markNotificationRead.operation, raiseQualityIssue.operation,
        qualityIssues.operation, resolveQualityIssue.operation, requestAudit.operation, auditRequests.operation, approveAudit.operation,
        declineAudit.operation, auditBundle.operation,
    ]
}
