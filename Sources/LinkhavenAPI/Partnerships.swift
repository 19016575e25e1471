import Foundation

/// How a partnership admits a new member: every member's signatory accepts, or more than half of them.
public enum AdmissionRule: String, APIEnum {
    case unanimous, majority

    /// Acceptances needed among `members` member organisations.
    public func needed(of members: Int) -> Int { self == .unanimous ? members : members / 2 + 1 }
}

/// A change of a partnership's membership: an organisation joining (proposed by a member, accepted by
/// the signatories under the declaration's rule, then signed by the newcomer) or leaving.
public enum MembershipChangeKind: String, APIEnum { case join, leave }

/// Where a membership change is: a proposal awaiting the signatories; accepted, awaiting the newcomer's
/// signature of the new declaration version; joined; refused; or (for a leaving organisation) left.
public enum MembershipChangeStatus: String, APIEnum { case proposed, accepted, joined, refused, left }

/// One organisation's signature of one declaration version: who, in what role, when.
public struct DeclarationSignatureOut: Codable, Sendable, Equatable {
    public var organisation: UUID; public var user: UUID; public var name: String; public var role: String; public var signedAt: Date
    public init(organisation: UUID, user: UUID, name: String, role: String, signedAt: Date) {
        self.organisation = organisation; self.user = user; self.name = name; self.role = role; self.signedAt = signedAt
    }
}

/// A version of the partnership's declaration: its text, the members it names, its admission rule, why
/// it was made, who signed it and who has not yet. The declaration in force is the latest version every
/// member it names has signed.
public struct DeclarationVersionOut: Codable, Sendable, Equatable {
    public var version: Int; public var text: String; public var members: [UUID]; public var admission: AdmissionRule
    public var reason: String; public var createdAt: Date
    public var signatures: [DeclarationSignatureOut]; public var unsigned: [UUID]; public var inForce: Bool
    public init(version: Int, text: String, members: [UUID], admission: AdmissionRule, reason: String, createdAt: Date,
                signatures: [DeclarationSignatureOut], unsigned: [UUID], inForce: Bool) {
        self.version = version; self.text = text; self.members = members; self.admission = admission; self.reason = reason
        self.createdAt = createdAt; self.signatures = signatures; self.unsigned = unsigned; self.inForce = inForce
    }
}

/// A membership change and where it is. For a leaving organisation, what became of its datasets:
/// destroyed on leaving (where the agreement says so, with their certificates) or kept to their retention.
public struct MembershipChangeOut: Codable, Sendable, Equatable {
    public var id: UUID; public var partnership: UUID; public var kind: MembershipChangeKind; public var organisation: UUID
    public var proposedBy: UUID; public var proposedAt: Date; public var reason: String; public var status: MembershipChangeStatus
    public var acceptedBy: [UUID]; public var refusedBy: [UUID]; public var needed: Int
    public var decidedAt: Date?; public var declarationVersion: Int?
    public var datasetsDestroyed: [String]; public var datasetsKept: [String]
    public init(id: UUID, partnership: UUID, kind: MembershipChangeKind, organisation: UUID, proposedBy: UUID, proposedAt: Date, reason: String,
                status: MembershipChangeStatus, acceptedBy: [UUID], refusedBy: [UUID], needed: Int, decidedAt: Date?, declarationVersion: Int?,
                datasetsDestroyed: [String] = [], datasetsKept: [String] = []) {
        self.id = id; self.partnership = partnership; self.kind = kind; self.organisation = organisation; self.proposedBy = proposedBy
        self.proposedAt = proposedAt; self.reason = reason; self.status = status; self.acceptedBy = acceptedBy; self.refusedBy = refusedBy
        self.needed = needed; self.decidedAt = decidedAt; self.declarationVersion = declarationVersion
        self.datasetsDestroyed = datasetsDestroyed; self.datasetsKept = datasetsKept
    }
}

/// A partnership in full: members, those joining and those who left, every declaration version with its
/// signatures, and the membership changes.
public struct PartnershipDetail: Codable, Sendable, Equatable {
    public var id: UUID; public var name: String
    public var members: [UUID]; public var joining: [UUID]; public var former: [UUID]
    /// The current (latest) declaration version, and the one in force (0 before every member signed one).
    public var declarationVersion: Int; public var inForceVersion: Int
    public var versions: [DeclarationVersionOut]; public var changes: [MembershipChangeOut]
    /// The name of every organisation named here (members, newcomers, candidates, former members), by id.
    public var names: [String: String]
    public init(id: UUID, name: String, members: [UUID], joining: [UUID], former: [UUID], declarationVersion: Int, inForceVersion: Int,
                versions: [DeclarationVersionOut], changes: [MembershipChangeOut], names: [String: String]) {
        self.id = id; self.name = name; self.members = members; self.joining = joining; self.former = former
        self.declarationVersion = declarationVersion; self.inForceVersion = inForceVersion; self.versions = versions; self.changes = changes
        self.names = names
    }
}

/// A proposal to admit an organisation registered on the platform, named by its id or by its ICO
/// registration number (public, on the ICO's register), and why.
public struct AdmissionIn: Codable, Sendable, Equatable {
    public var organisation: UUID?; public var icoReference: String?; public var reason: String
    public init(organisation: UUID? = nil, icoReference: String? = nil, reason: String) {
        self.organisation = organisation; self.icoReference = icoReference; self.reason = reason
    }
}

/// A member signatory's decision on a proposal.
public struct AdmissionDecisionIn: Codable, Sendable, Equatable {
    public var accept: Bool; public var note: String?
    public init(accept: Bool, note: String? = nil) { self.accept = accept; self.note = note }
}

/// A revised declaration (a new version every member signs again).
public struct DeclarationIn: Codable, Sendable, Equatable {
    public var text: String; public var admission: AdmissionRule
    public init(text: String, admission: AdmissionRule) { self.text = text; self.admission = admission }
}

/// An organisation to add as a party to an agreement (a new version every party signs).
public struct AgreementPartyIn: Codable, Sendable, Equatable {
    public var organisation: UUID
    public init(organisation: UUID) { self.organisation = organisation }
}

extension API {
    public static let partnership = Endpoint<NoBody, PartnershipDetail>(
        .get, "/api/v1/partnerships/{id}", "A partnership: members, declaration versions and their signatures, who has not signed, membership changes",
        who: "members, organisations joining, operator")
    public static let signDeclaration = Endpoint<NoBody, PartnershipDetail>(
        .post, "/api/v1/partnerships/{id}/declaration/sign",
        "Sign the current declaration version for your organisation (a newcomer joins by signing)", who: "a member's or newcomer's signatory")
    public static let reviseDeclaration = Endpoint<DeclarationIn, PartnershipDetail>(
        .put, "/api/v1/partnerships/{id}/declaration", "Revise the declaration: a new version every member signs", who: "member admin or signatory")
    public static let proposeAdmission = Endpoint<AdmissionIn, MembershipChangeOut>(
        .post, "/api/v1/partnerships/{id}/admissions", "Propose admitting an organisation; the members' signatories decide under the declaration's rule",
        who: "member admin or signatory", success: 201)
    public static let decideAdmission = Endpoint<AdmissionDecisionIn, MembershipChangeOut>(
        .post, "/api/v1/partnerships/{id}/admissions/{change}/decision", "Accept or refuse a proposed admission for your organisation",
        who: "a member's signatory")
    public static let leavePartnership = Endpoint<StatusChangeIn, MembershipChangeOut>(
        .post, "/api/v1/partnerships/{id}/leave",
        "Leave the partnership ({reason}): access to its projects ends at once; datasets follow the agreement (kept to retention, or destroyed on leaving)",
        who: "the leaving member's signatory")
    public static let addAgreementParty = Endpoint<AgreementPartyIn, AgreementOut>(
        .post, "/api/v1/agreements/{id}/parties", "Add a member organisation as a party: a new version every party signs",
        who: "owner admin or signatory")

    static let partnershipOperations: [Operation] = [
        partnership.operation, signDeclaration.operation, reviseDeclaration.operation, proposeAdmission.operation,
        decideAdmission.operation, leavePartnership.operation, addAgreementParty.operation,
    ]
}
