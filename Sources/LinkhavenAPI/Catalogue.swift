import Foundation

/// How often a dataset is refreshed, as the EU frequency vocabulary (which DCAT uses) names it.
public enum UpdateFrequency: String, APIEnum {
    case once, daily, weekly, monthly, quarterly, annually, irregular

    /// Its concept in the EU Publications Office's frequency authority table.
    public var vocabularyURI: String {
        let code = switch self {
        case .once: "NEVER"
        case .daily: "DAILY"
        case .weekly: "WEEKLY"
        case .monthly: "MONTHLY"
        case .quarterly: "QUARTERLY"
        case .annually: "ANNUAL"
        case .irregular: "IRREG"
        }
        return "http://publications.europa.eu/resource/authority/frequency/" + code
    }
}

/// What the holder of a dataset says about it for the catalogue: what it is, what it covers (area and
/// period), how often it is refreshed, and what each field means. Text only, never a value of the data.
public struct CatalogueEntryIn: Codable, Sendable, Equatable {
    public var description: String
    /// The area the data covers, e.g. "Basildon borough".
    public var coverageArea: String
    /// The period the data covers, as ISO dates (YYYY-MM-DD); either may be absent.
    public var periodStart: String?; public var periodEnd: String?
    public var updateFrequency: UpdateFrequency
    /// Field name → its definition.
    public var definitions: [String: String]
    public init(description: String, coverageArea: String, periodStart: String? = nil, periodEnd: String? = nil,
                updateFrequency: UpdateFrequency, definitions: [String: String] = [:]) {
        self.description = description; self.coverageArea = coverageArea; self.periodStart = periodStart; self.periodEnd = periodEnd
        self.updateFrequency = updateFrequency; self.definitions = definitions
    }
}

/// A shared field: its name, its category, and the holder's definition.
public struct CatalogueField: Codable, Sendable, Equatable {
    public var name: String; public var category: FieldCategory; public var definition: String?
    public init(name: String, category: FieldCategory, definition: String? = nil) { self.name = name; self.category = category; self.definition = definition }
}

/// The latest accepted version's data-quality summary: its rows, how many of them carry a match key,
/// duplicate record tokens, the least complete field, and the checks' warnings.
public struct CatalogueQuality: Codable, Sendable, Equatable {
    public var version: Int; public var acceptedAt: Date; public var rows: Int; public var matchKeyCoverage: Double
    public var duplicateRecordTokens: Int; public var leastComplete: String?; public var leastCompleteness: Double?; public var warnings: [String]
    public init(version: Int, acceptedAt: Date, rows: Int, matchKeyCoverage: Double, duplicateRecordTokens: Int,
                leastComplete: String?, leastCompleteness: Double?, warnings: [String]) {
        self.version = version; self.acceptedAt = acceptedAt; self.rows = rows; self.matchKeyCoverage = matchKeyCoverage
        self.duplicateRecordTokens = duplicateRecordTokens; self.leastComplete = leastComplete; self.leastCompleteness = leastCompleteness; self.warnings = warnings
    }
}

/// One dataset shared in a partnership, as its catalogue describes it. The public register shows the
/// same without `quality` and `retainUntil`.
public struct CatalogueDataset: Codable, Sendable, Equatable {
    public var project: UUID; public var projectName: String; public var partnership: String
    public var dataset: String; public var holder: String; public var holderID: UUID?
    /// Empty until the holder describes it.
    public var description: String; public var coverageArea: String; public var periodStart: String?; public var periodEnd: String?
    public var updateFrequency: UpdateFrequency?
    public var fields: [CatalogueField]
    /// The boundaries its areas can be mapped to, e.g. "small_area: the project's 3 small-area boundaries".
    public var boundaries: [String]
    /// Members only: the latest version's quality summary (none before the first upload) and when the data must be destroyed.
    public var quality: CatalogueQuality?; public var retainUntil: Date?
    public var describedAt: Date?
    public init(project: UUID, projectName: String, partnership: String, dataset: String, holder: String, holderID: UUID?, description: String,
                coverageArea: String, periodStart: String?, periodEnd: String?, updateFrequency: UpdateFrequency?, fields: [CatalogueField],
                boundaries: [String], quality: CatalogueQuality?, retainUntil: Date?, describedAt: Date?) {
        self.project = project; self.projectName = projectName; self.partnership = partnership; self.dataset = dataset; self.holder = holder
        self.holderID = holderID; self.description = description; self.coverageArea = coverageArea; self.periodStart = periodStart
        self.periodEnd = periodEnd; self.updateFrequency = updateFrequency; self.fields = fields; self.boundaries = boundaries
        self.quality = quality; self.retainUntil = retainUntil; self.describedAt = describedAt
    }
}

extension API {
    public static let catalogue = Endpoint<NoBody, [CatalogueDataset]>(
        .get, "/api/v1/catalogue", "The data catalogue: every dataset shared in your organisation's partnerships, with definitions, coverage, "
            + "update frequency, boundaries, latest quality summary and retention", who: "a member organisation's user")
    public static let describeDataset = Endpoint<CatalogueEntryIn, CatalogueDataset>(
        .put, "/api/v1/projects/{id}/catalogue/{dataset}", "Describe a dataset your organisation shares (description, coverage, frequency, definitions)",
        who: "the holder's admin or provider")
    public static let publicCatalogue = Endpoint<NoBody, JSONLDText>(
        .get, "/api/v1/public/catalogue.jsonld", "The public catalogue as DCAT in JSON-LD: the shared datasets (described, not downloadable) "
            + "and the published outputs with their open data (cacheable)", who: "anyone", also: [304])

    static let catalogueOperations: [Operation] = [catalogue.operation, describeDataset.operation, publicCatalogue.operation]
}
