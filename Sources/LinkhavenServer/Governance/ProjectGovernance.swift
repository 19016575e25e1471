import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// A project's agreements at one moment, and what they allow: for each dataset an action touches,
/// a suspended agreement covering it, else the most permissive one, decides; the action goes ahead only if
/// every dataset's agreement allows it (`GovernancePolicy`), and a refusal names the agreement
/// standing in the way.
struct ProjectGovernance: Sendable {
    struct Entry: Sendable {
        var agreement: Agreement
        var document: AgreementDocument
        var status: GoverningStatus
    }
    let project: UUID
    let entries: [Entry]
    let now: Date

    static func load(on db: any Database, project: UUID, now: Date) async throws -> ProjectGovernance {
        let entries = try await Agreement.query(on: db).filter(\.$project.$id == project).sort(\.$id).all().compactMap { a -> Entry? in
            guard let doc = a.decodedDocument else { return nil }
            return Entry(agreement: a, document: doc, status: a.governingStatus(document: doc, at: now))
        }
        return ProjectGovernance(project: project, entries: entries, now: now)
    }

    /// Every dataset any agreement of the project shares.
    var allDatasets: Set<String> { Set(entries.flatMap { $0.document.datasets.map(\.name) }) }

    /// The entry that governs `dataset` (see `deciding`); `nil` if none covers it.
    func governing(_ dataset: String) -> Entry? {
        Self.deciding(entries.filter { $0.document.datasets.contains { $0.name == dataset } }, status: \.status)
    }

    /// Of several agreements covering the same data, the one that decides: a SUSPENDED one if any (a
    /// suspension is the owner's stop, whatever else covers the data), else an APPROVED one in force,
    /// else the one whose status says most about why not (an expiry before a pending approval).
    static func deciding<T>(_ covering: [T], status: (T) -> GoverningStatus) -> T? {
        covering.first { status($0) == .suspended } ?? covering.first { status($0) == .approved }
            ?? covering.max { status($0).rank < status($1).rank }
    }

    /// Whether `action` on `datasets` (every dataset of the project when `nil` or empty) may go ahead;
    /// the refusal when not.
    func decide(_ action: GovernedAction, datasets: Set<String>? = nil) -> AgreementRefusal? {
        let touched = (datasets?.isEmpty ?? true) ? allDatasets : datasets!
        var worst: AgreementRefusal?
        for name in touched.sorted() {
            let entry = governing(name)
            let status = entry?.status ?? .none
            let allowed: Bool
            switch GovernancePolicy.permission(action, status) {
            case .allowed: allowed = true
            case .refused: allowed = false
            case .ifPublicationClause: allowed = entry?.document.publishedOutputsStayAvailable == true
            }
            if allowed { continue }
            let refusal = AgreementRefusal(action: action, agreementStatus: status, agreement: entry?.agreement.id, title: entry?.document.title,
                                           dataset: name, since: entry.flatMap { $0.agreement.since(status: status, document: $0.document) },
                                           by: entry?.agreement.statusBy, why: entry?.agreement.statusReason ?? "")
            if worst == nil || status.rank > worst!.agreementStatus.rank { worst = refusal }
        }
        if touched.isEmpty, GovernancePolicy.permission(action, .none) != .allowed {
            return AgreementRefusal(action: action, agreementStatus: .none, agreement: nil, title: nil, dataset: nil, since: nil, by: nil, why: "")
        }
        return worst
    }
}

extension GoverningStatus {
    /// How much a status says about why an action is refused: higher is reported first.
    var rank: Int {
        switch self {
        case .approved: return 0
        case .draft: return 1
        case .forApproval: return 2
        case .notInForce: return 3
        case .expired: return 4
        case .suspended: return 5
        case .none: return 6
        case .ended: return 7
        }
    }
}

extension Agreement {
    var decodedDocument: AgreementDocument? { AgreementDocumentCache.document(document) }

    /// The status that governs at `now`: an APPROVED agreement is NOT YET IN FORCE before its date in
    /// force and EXPIRED after its review date (whether or not the sweep has recorded it yet).
    func governingStatus(document doc: AgreementDocument, at now: Date) -> GoverningStatus {
        switch status {
        case .draft: return .draft
        case .forApproval: return .forApproval
        case .suspended: return .suspended
        case .expired: return .expired
        case .ended: return .ended
        case .approved:
            let today = CalendarDate.today(now)
            if let review = try? DateNormaliser().parse(doc.reviewDate), review.daysSinceEpoch < today { return .expired }
            if let from = doc.inForceFrom, let start = try? DateNormaliser().parse(from), start.daysSinceEpoch > today { return .notInForce }
            return .approved
        }
    }

    /// When the agreement entered `status`: recorded at each change; the review date for an expiry not yet
    /// swept; the date in force for an agreement not yet in force.
    func since(status: GoverningStatus, document doc: AgreementDocument) -> String? {
        switch status {
        case .notInForce: return doc.inForceFrom
        case .expired where self.status == .approved: return doc.reviewDate
        default: return statusSince.map { CalendarDate.isoDay($0) }
        }
    }
}
