import Fluent
import Foundation
import Vapor

/// A breach incident: a file that was not fully pseudonymised (protocol section 10). It records
/// where (columns, line numbers, detector, counts), never what, and carries the follow-up.
final class Incident: Model, @unchecked Sendable {
    static let schema = "incidents"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "dataset") var dataset: String
    @Field(key: "upload_id") var uploadID: UUID
    /// JSON list of `ScanFinding`.
    @Field(key: "findings") var findings: String
    /// open, investigating, closed.
    @Field(key: "status") var status: String
    @Field(key: "cause") var cause: String
    @Field(key: "lessons") var lessons: String
    @Field(key: "reported_to_regulator") var reportedToRegulator: Bool
    @Field(key: "regulator_reference") var regulatorReference: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    init() {}
}

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
    @Field(key: "status") var status: String
    @OptionalField(key: "resolved_by_version") var resolvedByVersion: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
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
    @Field(key: "status") var status: String
    @Field(key: "assessment_reference") var assessmentReference: String
    @Field(key: "procedure") var procedure: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    init() {}
}

/// A signed destruction certificate, as issued.
final class CertificateModel: Model, @unchecked Sendable {
    static let schema = "destruction_certificates"
    @ID(key: .id) var id: UUID?
    @Field(key: "dataset_id") var datasetID: UUID
    @Field(key: "document") var document: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

struct CreateCases: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("incidents").id().field("organisation", .uuid, .required).field("project_id", .uuid, .required)
            .field("dataset", .string, .required).field("upload_id", .uuid, .required).field("findings", .string, .required)
            .field("status", .string, .required).field("cause", .string, .required).field("lessons", .string, .required)
            .field("reported_to_regulator", .bool, .required).field("regulator_reference", .string, .required)
            .field("created_at", .datetime, .required).field("closed_at", .datetime).create()
        try await db.schema("notifications").id().field("organisation", .uuid, .required).field("kind", .string, .required)
            .field("subject", .string, .required).field("object", .string, .required).field("created_at", .datetime, .required)
            .field("read_at", .datetime).create()
        try await db.schema("quality_issues").id().field("dataset_id", .uuid, .required).field("version", .int, .required)
            .field("raised_by", .uuid, .required).field("raised_by_organisation", .uuid, .required).field("description", .string, .required)
            .field("status", .string, .required).field("resolved_by_version", .int).field("created_at", .datetime, .required)
            .field("resolved_at", .datetime).create()
        try await db.schema("audit_requests").id().field("dataset_id", .uuid, .required).field("version", .int, .required)
            .field("requester_organisation", .uuid, .required).field("requester", .uuid, .required).field("reason", .string, .required)
            .field("status", .string, .required).field("assessment_reference", .string, .required).field("procedure", .string, .required)
            .field("created_at", .datetime, .required).field("decided_at", .datetime).create()
        try await db.schema("destruction_certificates").id().field("dataset_id", .uuid, .required).field("document", .string, .required)
            .field("created_at", .datetime, .required).create()
    }
    func revert(on db: any Database) async throws {
        for t in ["destruction_certificates", "audit_requests", "quality_issues", "notifications", "incidents"] { try await db.schema(t).delete() }
    }
}
