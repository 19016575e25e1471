import Fluent
import Foundation
import Vapor

/// A message to an organisation (in the app; copied to a webhook when one is configured).
final class Notification: Model, @unchecked Sendable {
    static let schema = "notifications"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "subject") var subject: String
    @Field(key: "object") var object: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $organisation, $kind, $subject, $object, $createdAt, $readAt] }
    init() {}
}

/// A data quality issue raised by a partner on a dataset version (protocol section 8).
final class QualityIssue: Model, @unchecked Sendable {
    static let schema = "quality_issues"
    @ID(key: .id) var id: UUID?
    @Field(key: "dataset_id") var datasetID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "raised_by") var raisedBy: UUID
    @Field(key: "raised_by_organisation") var raisedByOrganisation: UUID
    @Field(key: "description") var description: String
    @Field(key: "status") var status: QualityIssueStatus
    @OptionalField(key: "resolved_by_version") var resolvedByVersion: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $datasetID, $version, $raisedBy, $raisedByOrganisation, $description, $status, $resolvedByVersion, $createdAt, $resolvedAt]
    }
    init() {}
}

/// A partner's request to audit another's pseudonymisation (protocol section 8).
final class AuditRequest: Model, @unchecked Sendable {
    static let schema = "audit_requests"
    @ID(key: .id) var id: UUID?
    @Field(key: "dataset_id") var datasetID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "requester_organisation") var requesterOrganisation: UUID
    @Field(key: "requester") var requester: UUID
    @Field(key: "reason") var reason: String
    /// requested, approved, declined.
    @Field(key: "status") var status: AuditRequestStatus
    @Field(key: "assessment_reference") var assessmentReference: String
    @Field(key: "procedure") var procedure: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $datasetID, $version, $requesterOrganisation, $requester, $reason, $status, $assessmentReference, $procedure, $createdAt,
         $decidedAt]
    }
    init() {}
}

/// A signed destruction certificate, as issued.
final class CertificateModel: Model, @unchecked Sendable {
    static let schema = "destruction_certificates"
    @ID(key: .id) var id: UUID?
    @Field(key: "dataset_id") var datasetID: UUID
    @Field(key: "document") var document: String
    @Field(key: "created_at") var createdAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $datasetID, $document, $createdAt] }
    init() {}
}
