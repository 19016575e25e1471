import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// A partnership: organisations that signed a declaration to share data.
final class Partnership: Model, @unchecked Sendable {
    static let schema = "partnerships"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "declaration") var declaration: String
    /// Member organisation ids, comma-separated (a handful per partnership).
    @Field(key: "members") var members: String
    /// The declaration's signatories (JSON array of `DeclarationSignatory`).
    @Field(key: "signatories") var signatories: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $name, $declaration, $members, $signatories] }
    init() {}
    var memberIDs: [UUID] { UUIDList.parse(members) }
}

/// A project: one purpose inside a partnership, with its benefit and risk assessment.
final class Project: Model, @unchecked Sendable {
    static let schema = "projects"
    @ID(key: .id) var id: UUID?
    @Parent(key: "partnership_id") var partnership: Partnership
    @Field(key: "name") var name: String
    @Field(key: "purpose") var purpose: String
    /// The assessment as JSON (`Assessment`), or empty before one is written.
    @Field(key: "assessment") var assessment: String
    /// The registered linkage spec (JSON) the project's uploads must follow, or empty.
    @Field(key: "linkage_spec") var linkageSpec: String
    /// The fingerprint of the project key the providers hold (never the key), or empty.
    @Field(key: "key_fingerprint") var keyFingerprint: String
    /// The analysts' linkage configuration (`LinkConfig` JSON; dataset files are the current versions), or empty.
    @Field(key: "link_config") var linkConfig: String
    /// The project's platform key (wrapped by the master key) that re-keys record tokens into
    /// project-specific keys, made on first use; empty before.
    @Field(key: "platform_key") var platformKey: String
    /// Small-area boundaries (GeoJSON) for the project's maps, or empty.
    @Field(key: "boundaries") var boundaries: String
    /// The register's summary and contact point as approved, and a proposal awaiting the parties' signatories.
    @Field(key: "public_summary") var publicSummary: String
    @Field(key: "public_contact") var publicContact: String
    @Field(key: "proposed_summary") var proposedSummary: String
    @Field(key: "proposed_contact") var proposedContact: String
    @OptionalField(key: "proposed_by") var proposedBy: UUID?
    @Field(key: "publication_approvals") var publicationApprovals: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $partnership, $name, $purpose, $assessment, $linkageSpec, $keyFingerprint, $linkConfig, $platformKey, $boundaries,
         $publicSummary, $publicContact, $proposedSummary, $proposedContact, $proposedBy, $publicationApprovals]
    }
    init() {}
}

/// An information sharing agreement, versioned; the document is `AgreementDocument` JSON.
final class Agreement: Model, @unchecked Sendable {
    static let schema = "agreements"
    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: Project
    @Field(key: "owner") var owner: UUID
    @Field(key: "parties") var parties: String
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: AgreementStatus
    @Field(key: "document") var document: String
    /// When the status last changed, the organisation whose user changed it (none for the platform's
    /// own expiry), and the reason given (suspension, resumption).
    @OptionalField(key: "status_since") var statusSince: Date?
    @OptionalField(key: "status_by") var statusBy: UUID?
    @Field(key: "status_reason") var statusReason: String
    /// The assessment (`Assessment` JSON) this version was submitted with, signed with it; empty while a draft.
    @Field(key: "assessment") var assessment: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $project, $owner, $parties, $version, $status, $document, $statusSince, $statusBy, $statusReason, $assessment]
    }
    init() {}
    var partyIDs: [UUID] { UUIDList.parse(parties) }
}

/// A signature: who signed which version for which organisation, when.
final class AgreementSignature: Model, @unchecked Sendable {
    static let schema = "agreement_signatures"
    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: Agreement
    @Field(key: "version") var version: Int
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: String
    @Field(key: "signed_at") var signedAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $agreement, $version, $organisation, $userID, $role, $signedAt] }
    init() {}
}

extension Project {
    /// The name errors in a registered spec are reported under.
    static let registeredSpecName = "linkage spec"

    /// The registered linkage spec, or `nil` before one is registered.
    func registeredSpec() throws -> LinkageSpec? {
        linkageSpec.isEmpty ? nil : try SpecLoader.load(data: Data(linkageSpec.utf8), file: Self.registeredSpecName)
    }
}

extension LinkageSpec {
    /// The output columns of dataset `name`, or `nil` if the spec has no such dataset.
    func outputColumns(of name: String) -> [OutputColumn]? { datasets.first { $0.name == name }?.outputColumns }
}
