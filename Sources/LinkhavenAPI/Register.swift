import Foundation

/// The transparency register (002 ¶148, 004's public asks): what is shared, by whom, why, with what
/// benefit and under which agreement, for anyone to read without signing in. Names of datasets and fields
/// with their categories, never a value; organisations and roles, never a person; DRAFT work not at all.
public struct PublicRegister: Codable, Sendable, Equatable {
    /// The latest change the register shows (also its Last-Modified): the same register is the same bytes.
    public var lastChanged: Date
    public var partnerships: [RegisterPartnership]
    public init(lastChanged: Date, partnerships: [RegisterPartnership]) { self.lastChanged = lastChanged; self.partnerships = partnerships }
}

/// A partnership: its members and the declaration in force (version and the date its last member signed it).
public struct RegisterPartnership: Codable, Sendable, Equatable {
    public var name: String; public var members: [String]; public var declarationVersion: Int; public var declarationDate: Date?
    public var projects: [RegisterProject]
    public init(name: String, members: [String], declarationVersion: Int, declarationDate: Date?, projects: [RegisterProject]) {
        self.name = name; self.members = members; self.declarationVersion = declarationVersion; self.declarationDate = declarationDate; self.projects = projects
    }
}

/// A project with an agreement past its draft: its purpose, the public benefit its signed assessment
/// states, the legal basis, the agreement's standing, who shares which datasets (field names and
/// categories), its published outputs and the incidents reported to the ICO.
public struct RegisterProject: Codable, Sendable, Equatable {
    public var id: UUID; public var name: String; public var purpose: String; public var publicBenefit: [String]; public var legalBasis: String
    public var agreement: RegisterAgreement; public var sharing: [RegisterSharing]; public var outputs: [RegisterOutput]
    public var incidents: [RegisterIncident]
    /// The plain-English summary and contact point the partners approved for the register, if any.
    public var summary: String?; public var contact: String?
    public init(id: UUID, name: String, purpose: String, publicBenefit: [String], legalBasis: String, agreement: RegisterAgreement,
                sharing: [RegisterSharing], outputs: [RegisterOutput], incidents: [RegisterIncident], summary: String? = nil, contact: String? = nil) {
        self.summary = summary; self.contact = contact
        self.id = id; self.name = name; self.purpose = purpose; self.publicBenefit = publicBenefit; self.legalBasis = legalBasis
        self.agreement = agreement; self.sharing = sharing; self.outputs = outputs; self.incidents = incidents
    }
}

/// The agreement's title, what governs now (SUSPENDED, EXPIRED or ENDED shown as such), its version,
/// the date it came into force and its review date; its parties as organisations (signatories appear as
/// "signatory of" their organisation, never by name).
public struct RegisterAgreement: Codable, Sendable, Equatable {
    public var title: String; public var status: GoverningStatus; public var version: Int; public var inForceFrom: String?; public var reviewDate: String
    public var signedBy: [String]
    public init(title: String, status: GoverningStatus, version: Int, inForceFrom: String?, reviewDate: String, signedBy: [String]) {
        self.title = title; self.status = status; self.version = version; self.inForceFrom = inForceFrom; self.reviewDate = reviewDate; self.signedBy = signedBy
    }
}

/// The category of a shared field: an identifier used only for matching (pseudonymised at source, never
/// held in the clear), a quasi-identifier generalised at source (a year of birth, a postcode sector), or an
/// attribute analysed as it is.
public enum FieldCategory: String, APIEnum { case identifier, quasiIdentifier = "quasi-identifier", attribute }

/// One organisation's dataset: its name, its fields with their categories, and — once its holder has
/// described it in the catalogue — the public part of that description (what it is, the area and period
/// it covers, how often it is refreshed, field definitions, the boundaries it maps to).
public struct RegisterSharing: Codable, Sendable, Equatable {
    public typealias Field = CatalogueField
    public var organisation: String; public var dataset: String; public var fields: [Field]
    public var description: String?; public var coverageArea: String?; public var periodStart: String?; public var periodEnd: String?
    public var updateFrequency: UpdateFrequency?; public var boundaries: [String]
    public init(organisation: String, dataset: String, fields: [Field], description: String? = nil, coverageArea: String? = nil,
                periodStart: String? = nil, periodEnd: String? = nil, updateFrequency: UpdateFrequency? = nil, boundaries: [String] = []) {
        self.organisation = organisation; self.dataset = dataset; self.fields = fields; self.description = description
        self.coverageArea = coverageArea; self.periodStart = periodStart; self.periodEnd = periodEnd; self.updateFrequency = updateFrequency
        self.boundaries = boundaries
    }

    /// The public part of a catalogue entry.
    public init(_ c: CatalogueDataset) {
        self.init(organisation: c.holder, dataset: c.dataset, fields: c.fields, description: c.description.isEmpty ? nil : c.description,
                  coverageArea: c.coverageArea.isEmpty ? nil : c.coverageArea, periodStart: c.periodStart, periodEnd: c.periodEnd,
                  updateFrequency: c.updateFrequency, boundaries: c.boundaries)
    }
}

/// A published output, with the addresses of its open data.
public struct RegisterOutput: Codable, Sendable, Equatable {
    public var id: UUID; public var title: String; public var kind: String; public var releasedAt: Date?
    public var csv: String; public var json: String; public var geojson: String?
    public init(id: UUID, title: String, kind: String, releasedAt: Date?, csv: String, json: String, geojson: String?) {
        self.id = id; self.title = title; self.kind = kind; self.releasedAt = releasedAt; self.csv = csv; self.json = json; self.geojson = geojson
    }
}

/// An incident reported to the ICO: its kind, when it was discovered, and its status. Nothing more.
public struct RegisterIncident: Codable, Sendable, Equatable {
    public var kind: IncidentKind; public var discoveredAt: Date; public var status: IncidentStatus
    public init(kind: IncidentKind, discoveredAt: Date, status: IncidentStatus) { self.kind = kind; self.discoveredAt = discoveredAt; self.status = status }
}

extension API {
    public static let publicRegister = Endpoint<NoBody, PublicRegister>(
        .get, "/api/v1/public/register",
        "The transparency register: partnerships, projects, agreements, who shares which datasets, published outputs, incidents reported to the ICO "
            + "(cacheable: ETag and Last-Modified; 304 when unchanged)", who: "anyone", also: [304])
    public static let publicRegisterCSV = Endpoint<NoBody, CSVText>(
        .get, "/api/v1/public/register.csv", "The transparency register as CSV, one line per dataset shared (cacheable as the JSON)", who: "anyone", also: [304])

    static let registerOperations: [Operation] = [publicRegister.operation, publicRegisterCSV.operation] + publicationOperations
}

/// What a project publishes on the register beside its agreement: a plain-English summary and a contact
/// point, proposed by a member organisation's admin and shown once every party's signatory has approved.
public struct PublicationIn: Codable, Sendable, Equatable {
    public var summary: String; public var contact: String
    public init(summary: String, contact: String) { self.summary = summary; self.contact = contact }
}

/// The published text, and any proposal awaiting the signatories (who has approved, who has not).
public struct PublicationOut: Codable, Sendable, Equatable {
    public var summary: String; public var contact: String
    public var proposedSummary: String?; public var proposedContact: String?; public var proposedBy: UUID?
    public var approvedBy: [UUID]; public var awaiting: [UUID]
    public init(summary: String, contact: String, proposedSummary: String?, proposedContact: String?, proposedBy: UUID?, approvedBy: [UUID], awaiting: [UUID]) {
        self.summary = summary; self.contact = contact; self.proposedSummary = proposedSummary; self.proposedContact = proposedContact
        self.proposedBy = proposedBy; self.approvedBy = approvedBy; self.awaiting = awaiting
    }
}

extension API {
    public static let publication = Endpoint<NoBody, PublicationOut>(
        .get, "/api/v1/projects/{id}/publication", "The project's text on the register, and any proposal awaiting its signatories", who: "project access")
    public static let proposePublication = Endpoint<PublicationIn, PublicationOut>(
        .put, "/api/v1/projects/{id}/publication", "Propose the project's summary and contact point for the register; the parties' signatories review it",
        who: "a member organisation's admin")
    public static let approvePublication = Endpoint<NoBody, PublicationOut>(
        .post, "/api/v1/projects/{id}/publication/approve", "Approve the proposed text for your organisation; it appears once every party approved",
        who: "a party's signatory")

    static let publicationOperations: [Operation] = [publication.operation, proposePublication.operation, approvePublication.operation]
}
