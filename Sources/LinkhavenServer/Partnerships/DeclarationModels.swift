import Fluent
import Foundation
import Vapor

/// A version of a partnership's declaration: its text, the members it names and its admission rule.
/// A new version is made when the partnership is registered, when an organisation is admitted or leaves,
/// and when the members revise the text; each member's signatory signs each version that names it.
final class DeclarationVersion: Model, @unchecked Sendable {
    static let schema = "declaration_versions"
    @ID(key: .id) var id: UUID?
    @Field(key: "partnership_id") var partnershipID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "text") var text: String
    /// Member organisation ids, comma-separated, as named by this version.
    @Field(key: "members") var members: String
    @Field(key: "admission") var admission: AdmissionRule
    /// Why this version was made ("registered", "admitted …", "… left", "revised").
    @Field(key: "reason") var reason: String
    @Field(key: "created_at") var createdAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $partnershipID, $version, $text, $members, $admission, $reason, $createdAt] }
    init() {}
    var memberIDs: [UUID] { UUIDList.parse(members) }
}

/// One organisation's signature of one declaration version.
final class DeclarationSignature: Model, @unchecked Sendable {
    static let schema = "declaration_signatures"
    @ID(key: .id) var id: UUID?
    @Field(key: "partnership_id") var partnershipID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @Field(key: "signed_at") var signedAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $partnershipID, $version, $organisation, $userID, $name, $role, $signedAt] }
    init() {}
}

/// An organisation joining or leaving a partnership, and where that is.
final class MembershipChange: Model, @unchecked Sendable {
    static let schema = "membership_changes"
    @ID(key: .id) var id: UUID?
    @Field(key: "partnership_id") var partnershipID: UUID
    @Field(key: "kind") var kind: MembershipChangeKind
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "proposed_by") var proposedBy: UUID
    @Field(key: "proposed_at") var proposedAt: Date
    @Field(key: "reason") var reason: String
    @Field(key: "status") var status: MembershipChangeStatus
    /// Member organisations that accepted / refused, comma-separated.
    @Field(key: "accepted_by") var acceptedBy: String
    @Field(key: "refused_by") var refusedBy: String
    /// Acceptances needed (the rule applied to the members when proposed).
    @Field(key: "needed") var needed: Int
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "declaration_version") var declarationVersion: Int?
    /// For a leaving organisation: dataset names destroyed on leaving, and kept to their retention (JSON lists).
    @Field(key: "destroyed") var destroyed: String
    @Field(key: "kept") var kept: String
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $partnershipID, $kind, $organisation, $proposedBy, $proposedAt, $reason, $status, $acceptedBy, $refusedBy, $needed,
         $decidedAt, $declarationVersion, $destroyed, $kept]
    }
    init() {}

    var acceptedIDs: [UUID] { UUIDList.parse(acceptedBy) }
    var refusedIDs: [UUID] { UUIDList.parse(refusedBy) }

    var out: MembershipChangeOut {
        get throws {
            MembershipChangeOut(id: try requireID(), partnership: partnershipID, kind: kind, organisation: organisation, proposedBy: proposedBy,
                                proposedAt: proposedAt, reason: reason, status: status, acceptedBy: acceptedIDs, refusedBy: refusedIDs,
                                needed: needed, decidedAt: decidedAt, declarationVersion: declarationVersion,
                                datasetsDestroyed: Incident.decode(destroyed, as: String.self), datasetsKept: Incident.decode(kept, as: String.self))
        }
    }
}
