import Foundation
import LinkhavenCore

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
        markNotificationRead.operation, raiseQualityIssue.operation,
        qualityIssues.operation, resolveQualityIssue.operation, requestAudit.operation, auditRequests.operation, approveAudit.operation,
        declineAudit.operation, auditBundle.operation,
    ]
}
