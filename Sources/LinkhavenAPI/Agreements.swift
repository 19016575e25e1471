import Foundation
import LinkhavenCore

/// An information sharing agreement's status as recorded: DRAFT → FOR APPROVAL (submitted) → APPROVED
/// (signed by every party, approved by its owner); an APPROVED agreement may be SUSPENDED and resumed, and
/// is EXPIRED after its review date. Any but a draft (or an ended one) comes back to DRAFT as a new version
/// when changed. An approved, suspended or expired agreement may be ENDED by its owner's signatory: for
/// good, and the data shared under it is destroyed.
public enum AgreementStatus: String, APIEnum {
    case draft = "DRAFT", forApproval = "FOR APPROVAL", approved = "APPROVED", suspended = "SUSPENDED", expired = "EXPIRED", ended = "ENDED"

    /// Whether an agreement in this status may move to `next`.
    public func allows(_ next: AgreementStatus) -> Bool {
        switch (self, next) {
        case (.draft, .forApproval), (.forApproval, .approved), (.approved, .suspended), (.approved, .expired), (.suspended, .approved): true
        case (.approved, .ended), (.suspended, .ended), (.expired, .ended): true
        case (let from, .draft): from != .draft && from != .ended
        default: false
        }
    }
}

/// What governs a project's data at a moment: the agreement's status, with APPROVED split by its date in force.
public enum GoverningStatus: String, APIEnum {
    case draft = "DRAFT", forApproval = "FOR APPROVAL", notInForce = "NOT YET IN FORCE", approved = "APPROVED"
    case suspended = "SUSPENDED", expired = "EXPIRED", ended = "ENDED"
    /// No agreement of the project covers the data at all.
    case none = "NO AGREEMENT"
}

/// Who signed the partnership's declaration, for which organisation, in what position.
public struct DeclarationSignatory: Codable, Sendable, Equatable {
    public var organisation: UUID; public var name: String; public var position: String
    public init(organisation: UUID, name: String, position: String) { self.organisation = organisation; self.name = name; self.position = position }
}

/// A partnership to register: its name, its declaration, its members and who signed the declaration.
/// The declaration becomes version 1, for each member's signatory to sign in the product; `admission` is
/// its rule for admitting new members (unanimous when absent).
public struct PartnershipIn: Codable, Sendable, Equatable {
    public var name: String; public var declaration: String; public var members: [UUID]; public var signatories: [DeclarationSignatory]?
    public var admission: AdmissionRule?
    public init(name: String, declaration: String, members: [UUID], signatories: [DeclarationSignatory]?, admission: AdmissionRule? = nil) {
        self.name = name; self.declaration = declaration; self.members = members; self.signatories = signatories; self.admission = admission
    }
}

/// A partnership and its declaration's signatories.
public struct PartnershipOut: Codable, Sendable, Equatable {
    public var id: UUID; public var name: String; public var declaration: String; public var members: [UUID]; public var signatories: [DeclarationSignatory]
    public init(id: UUID, name: String, declaration: String, members: [UUID], signatories: [DeclarationSignatory]) {
        self.id = id; self.name = name; self.declaration = declaration; self.members = members; self.signatories = signatories
    }
}

/// A project to create in a partnership: its name and its purpose.
public struct ProjectIn: Codable, Sendable, Equatable {
    public var name: String; public var purpose: String
    public init(name: String, purpose: String) { self.name = name; self.purpose = purpose }
}

/// What was created: its id.
public struct Created: Codable, Sendable, Equatable {
    public var id: UUID
    public init(id: UUID) { self.id = id }
}

/// The benefit and risk assessment, with the four red lines as blocking checks.
public struct Assessment: Codable, Sendable, Equatable {
    public var beneficiaries: String
    public var benefits: String
    public var risksToIndividuals: String
    public var risksToPublic: String
    public var risksToServices: String
    public var safeguards: String
    public var legalVulnerabilityAddressed: Bool
    public var dataQualityAssessed: Bool
    public var accessLimits: String
    /// The structured parts: each benefit (who, how it will be seen, measure), each risk (on whom,
    /// likelihood × severity, safeguard), and the equality impact.
    public var benefitItems: [BenefitItem]?
    public var riskItems: [RiskItem]?
    public var equality: EqualityImpact?

    public init(beneficiaries: String, benefits: String, risksToIndividuals: String, risksToPublic: String, risksToServices: String,
                safeguards: String, legalVulnerabilityAddressed: Bool, dataQualityAssessed: Bool, accessLimits: String,
                benefitItems: [BenefitItem]? = nil, riskItems: [RiskItem]? = nil, equality: EqualityImpact? = nil) {
        self.beneficiaries = beneficiaries; self.benefits = benefits; self.risksToIndividuals = risksToIndividuals; self.risksToPublic = risksToPublic
        self.risksToServices = risksToServices; self.safeguards = safeguards; self.legalVulnerabilityAddressed = legalVulnerabilityAddressed
        self.dataQualityAssessed = dataQualityAssessed; self.accessLimits = accessLimits
        self.benefitItems = benefitItems; self.riskItems = riskItems; self.equality = equality
    }

    /// The red lines still open; an agreement cannot be approved while any is.
    public var openRedLines: [String] {
        var open: [String] = []
        if benefits.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && (benefitItems ?? []).isEmpty {
            open.append("no identifiable tangible benefit is stated")
        }
        if !legalVulnerabilityAddressed { open.append("legal vulnerability is not addressed") }
        if !dataQualityAssessed { open.append("data quality has not been assessed") }
        if accessLimits.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { open.append("there are no clear limits on who accesses the data and why") }
        return open
    }
}

/// An agreement to draft: the other parties (the drafting organisation is one) and the document.
public struct AgreementIn: Codable, Sendable, Equatable {
    public var parties: [UUID]; public var document: AgreementDocument
    public init(parties: [UUID], document: AgreementDocument) { self.parties = parties; self.document = document }
}

/// An agreement: its document, version, parties and signatures, the red lines still open, and its status.
public struct AgreementOut: Codable, Sendable, Equatable {
    public var id: UUID; public var project: UUID; public var owner: UUID; public var parties: [UUID]; public var version: Int
    public var status: AgreementStatus
    public var document: AgreementDocument; public var signedBy: [UUID]; public var openRedLines: [String]
    /// What governs the data now: the status, or NOT YET IN FORCE before the date in force.
    public var governingStatus: GoverningStatus
    /// When the status last changed, by which organisation, and the reason given.
    public var statusSince: Date?; public var statusBy: UUID?; public var statusReason: String
    /// The benefit and risk assessment of this version: signed with it once submitted; the project's
    /// current one while it is a draft.
    public var assessment: Assessment?

    public init(id: UUID, project: UUID, owner: UUID, parties: [UUID], version: Int, status: AgreementStatus, document: AgreementDocument,
                signedBy: [UUID], openRedLines: [String], governingStatus: GoverningStatus, statusSince: Date?, statusBy: UUID?, statusReason: String,
                assessment: Assessment? = nil) {
        self.assessment = assessment
        self.id = id; self.project = project; self.owner = owner; self.parties = parties; self.version = version; self.status = status
        self.document = document; self.signedBy = signedBy; self.openRedLines = openRedLines; self.governingStatus = governingStatus
        self.statusSince = statusSince; self.statusBy = statusBy; self.statusReason = statusReason
    }
}

/// The reason given for suspending or resuming an agreement (every party is told it).
public struct StatusChangeIn: Codable, Sendable, Equatable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

extension API {
    public static let createPartnership = Endpoint<PartnershipIn, Created>(
        .post, "/api/v1/partnerships", "Register a partnership", who: "operator", success: 201)
    public static let partnerships = Endpoint<NoBody, [PartnershipOut]>(
        .get, "/api/v1/partnerships", "Partnerships (the caller's, or all for the operator), with declaration signatories", who: "signed in")
    public static let createProject = Endpoint<ProjectIn, Created>(
        .post, "/api/v1/partnerships/{id}/projects", "Create a project", who: "member admin or signatory", success: 201)
    public static let writeAssessment = Endpoint<Assessment, Assessment>(
        .put, "/api/v1/projects/{id}/assessment", "Write the benefit and risk assessment", who: "member admin or signatory")
    public static let draftAgreement = Endpoint<AgreementIn, AgreementOut>(
        .post, "/api/v1/projects/{id}/agreements", "Draft an information sharing agreement", who: "member admin or signatory", success: 201)
    public static let projectAgreements = Endpoint<NoBody, [AgreementOut]>(
        .get, "/api/v1/projects/{id}/agreements", "The project's agreements the caller's organisation is party to", who: "project access")
    public static let agreementReminders = Endpoint<NoBody, [AgreementOut]>(
        .get, "/api/v1/agreements/reminders", "Agreements due for review within 30 days, or overdue", who: "signed in")
    public static let agreement = Endpoint<NoBody, AgreementOut>(
        .get, "/api/v1/agreements/{id}", "An agreement, with signatures and open red lines", who: "parties")
    public static let changeAgreement = Endpoint<AgreementDocument, AgreementOut>(
        .put, "/api/v1/agreements/{id}", "Change an agreement (a new version once submitted)", who: "owner admin or signatory")
    public static let submitAgreement = Endpoint<NoBody, AgreementOut>(
        .post, "/api/v1/agreements/{id}/submit", "Submit a draft for approval", who: "owner admin or signatory")
    public static let signAgreement = Endpoint<NoBody, AgreementOut>(
        .post, "/api/v1/agreements/{id}/sign", "Sign the agreement's current version for your organisation", who: "a party's signatory")
    public static let approveAgreement = Endpoint<NoBody, AgreementOut>(
        .post, "/api/v1/agreements/{id}/approve", "Approve once every party signed and no red line is open", who: "owner admin or signatory")
    public static let suspendAgreement = Endpoint<StatusChangeIn, AgreementOut>(
        .post, "/api/v1/agreements/{id}/suspend", "Suspend an approved agreement ({reason}); every party is told", who: "owner admin or signatory")
    public static let resumeAgreement = Endpoint<StatusChangeIn, AgreementOut>(
        .post, "/api/v1/agreements/{id}/resume", "Resume a suspended agreement ({reason}); every party is told", who: "the owner's signatory")

    public static let endAgreement = Endpoint<StatusChangeIn, AgreementOut>(
        .post, "/api/v1/agreements/{id}/end",
        "End the agreement for good ({reason}): the data shared under it is destroyed, with certificates; every party is told",
        who: "the owner's signatory")
    public static let agreementVersions = Endpoint<NoBody, [AgreementVersionOut]>(
        .get, "/api/v1/agreements/{id}/versions", "The versions every party signed and the owner approved, each with its assessment and benefits realised",
        who: "parties")
    public static let recordRealisation = Endpoint<RealisationIn, AgreementVersionOut>(
        .put, "/api/v1/agreements/{id}/realisation",
        "Record, at the review, what came of each benefit the last approved version stated (needed before a renewal is approved)",
        who: "owner admin or signatory")

    static let agreementOperations: [Operation] = [endAgreement.operation, agreementVersions.operation, recordRealisation.operation,
        createPartnership.operation, partnerships.operation, createProject.operation, writeAssessment.operation, draftAgreement.operation,
        projectAgreements.operation, agreementReminders.operation, agreement.operation, changeAgreement.operation, submitAgreement.operation,
        signAgreement.operation, approveAgreement.operation, suspendAgreement.operation, resumeAgreement.operation,
    ]
}
