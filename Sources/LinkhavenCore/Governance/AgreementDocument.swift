/// The content of an information sharing agreement, following the protocol's summary sheet and
/// sections (reference 002): machine-readable, because it drives the platform — its datasets and
/// fields become the upload schema, its retention drives destruction, its access clauses drive
/// who may see outputs. Versioned with the agreement.
public struct AgreementDocument: Codable, Sendable, Equatable {
    public static let currentFormat = "linkhaven-agreement/1"
    public var format: String
    public var title: String
    public var purpose: String
    public var legalBasis: String
    public var fairProcessing: String
    /// Publication: only with the data owners' approval, etc.
    public var publication: String
    public var security: String
    public var formatAndFrequency: String
    public var retention: Retention
    public var controllersInCommon: String
    public var processor: String
    public var auditRights: String
    public var complaints: String
    public var breachProcedure: String
    /// The review date (ISO yyyy-mm-dd): past it, an approved agreement expires unless a renewed version is approved.
    public var reviewDate: String
    /// The date the agreement comes into force (ISO yyyy-mm-dd), signed with the version: nothing is
    /// processed under it before then. In force from its approval when absent.
    public var inForceFrom: String?
    /// The publication clause: whether outputs already published stay available while the agreement
    /// is suspended, expired or being renewed (they do not when absent).
    public var publishedOutputsStayAvailable: Bool?
    /// What each provider shares.
    public var datasets: [SharedDataset]
    /// The agreement's disclosure control rules (the defaults when absent).
    public var disclosure: DisclosureRules?
    /// Whether the purpose allows intervention: an approved cohort then goes back to each provider
    /// as its own records' tokens, to re-identify locally and act on.
    public var interventionAllowed: Bool?

    public init(format: String = AgreementDocument.currentFormat, title: String, purpose: String, legalBasis: String, fairProcessing: String,
                publication: String, security: String, formatAndFrequency: String, retention: Retention, controllersInCommon: String,
                processor: String, auditRights: String, complaints: String, breachProcedure: String, reviewDate: String,
                inForceFrom: String? = nil, publishedOutputsStayAvailable: Bool? = nil, datasets: [SharedDataset], disclosure: DisclosureRules? = nil,
                interventionAllowed: Bool? = nil) {
        self.format = format; self.title = title; self.purpose = purpose; self.legalBasis = legalBasis; self.fairProcessing = fairProcessing
        self.publication = publication; self.security = security; self.formatAndFrequency = formatAndFrequency; self.retention = retention
        self.controllersInCommon = controllersInCommon; self.processor = processor; self.auditRights = auditRights; self.complaints = complaints
        self.breachProcedure = breachProcedure; self.reviewDate = reviewDate; self.inForceFrom = inForceFrom
        self.publishedOutputsStayAvailable = publishedOutputsStayAvailable; self.datasets = datasets; self.disclosure = disclosure
        self.interventionAllowed = interventionAllowed
    }

    /// The rules an output built from `datasets` must pass: the agreement's, made stricter by any
    /// provider of those datasets that demands more.
    public func disclosureRules(for used: Set<String>) -> DisclosureRules {
        datasets.filter { used.contains($0.name) }.compactMap(\.disclosure).reduce(disclosure ?? DisclosureRules()) { $0.stricter($1) }
    }

    /// How long the processor keeps the data.
    public struct Retention: Codable, Sendable, Equatable {
        public var months: Int
        /// Extensions allowed, each of `extensionMonths`.
        public var extensions: Int
        public var extensionMonths: Int
        /// Whether a provider's datasets are destroyed when it leaves the partnership (kept to their
        /// retention when absent or false).
        public var destroyOnLeaving: Bool?
        public init(months: Int, extensions: Int, extensionMonths: Int, destroyOnLeaving: Bool? = nil) {
            self.months = months; self.extensions = extensions; self.extensionMonths = extensionMonths; self.destroyOnLeaving = destroyOnLeaving
        }
    }

    /// One provider's dataset.
    public struct SharedDataset: Codable, Sendable, Equatable {
        /// The providing organisation's id.
        public var provider: String
        public var name: String
        public var fields: [String]
        /// The identifiers used for matching (pseudonymised at source).
        public var matchingIdentifiers: [String]
        /// Stricter disclosure rules this provider demands for outputs using its data, if any.
        public var disclosure: DisclosureRules?
        public init(provider: String, name: String, fields: [String], matchingIdentifiers: [String] = [], disclosure: DisclosureRules? = nil) {
            self.provider = provider; self.name = name; self.fields = fields; self.matchingIdentifiers = matchingIdentifiers; self.disclosure = disclosure
        }
    }

    /// Problems that make the document unusable, in plain English (empty when valid).
    public func problems(parties: Set<String>) -> [String] {
        var p: [String] = []
        if format != Self.currentFormat { p.append("format must be \(Self.currentFormat)") }
        for (name, value) in [("title", title), ("purpose", purpose), ("legal basis", legalBasis), ("publication", publication),
                              ("breach procedure", breachProcedure)] where value.trimmingWhitespace.isEmpty {
            p.append("\(name) is required")
        }
        let review = try? DateNormaliser().parse(reviewDate)
        if review == nil { p.append("review date must be a date (yyyy-mm-dd)") }
        if let inForceFrom {
            if let from = try? DateNormaliser().parse(inForceFrom) {
                if let review, from >= review { p.append("the date in force must be before the review date") }
            } else {
                p.append("the date in force must be a date (yyyy-mm-dd)")
            }
        }
        if retention.months < 1 || retention.months > 120 || retention.extensions < 0 || retention.extensionMonths < 0 {
            p.append("retention must be 1 to 120 months, with non-negative extensions")
        }
        if datasets.isEmpty { p.append("at least one dataset is required") }
        for d in datasets where !parties.contains(d.provider) { p.append("dataset '\(d.name)' is provided by an organisation that is not a party") }
        for d in datasets where d.fields.isEmpty { p.append("dataset '\(d.name)' lists no fields") }
        for r in [disclosure].compactMap({ $0 }) + datasets.compactMap(\.disclosure) { p += r.problems.map { "disclosure rules: " + $0 } }
        return p
    }
}
