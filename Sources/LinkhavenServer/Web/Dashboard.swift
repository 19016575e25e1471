import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// What needs a user now, their projects and their organisation's latest notifications: the
/// dashboard's facts, read in a handful of queries over every visible project at once, under the same
/// visibility rules as the API's lists (`projects(visibleTo:)`, `projectWithAccess`, `mayRead`,
/// `incidents(visibleTo:)`, `credentials(visibleTo:)`), and audited as one read.
struct Dashboard: Sendable {
    /// One thing the user should do, in the order the dashboard lists them.
    enum Todo: Sendable, Equatable {
        case reviewDue(agreement: UUID, title: String, reviewDate: String)
        case sign(agreement: UUID, title: String, project: String)
        case approve(agreement: UUID, title: String)
        case qualityIssue(dataset: UUID, name: String, description: String)
        case reviewOutput(output: UUID, title: String)
        case ownerDecision(output: UUID, title: String)
        case incident(id: UUID, kind: IncidentKind, dataset: String, status: String)
        case credential(organisation: String, scheme: String, expires: Date, expired: Bool)
        case signDeclaration(partnership: UUID, name: String, version: Int)
        case decideAdmission(partnership: UUID, name: String, candidate: String)
    }

    var todo: [Todo] = []
    var projects: [ProjectSummary] = []
    var notifications: [NotificationOut] = []

    /// The dashboard of `c`, as of the request's clock. Its reads that do not depend on each other run
    /// side by side, so that a page waits for a few database round trips, not a dozen in turn.
    static func load(_ req: Request, for c: Caller) async throws -> Dashboard {
        async let visibleProjects = req.projects(visibleTo: c)
        async let agreements = partyAgreements(req, c)
        async let incidents = req.incidents(visibleTo: c)
        async let credentials = req.credentials(visibleTo: c)
        async let notifications = req.notifications(for: c, limit: 10)
        async let partnershipTodo = partnershipTodo(req, c)
        let projects = try await visibleProjects, ids = projects.map(\.id)
        async let issues = openIssues(req, c, projects: ids)
        async let outputs = requestedOutputs(req, projects: ids)

        var d = Dashboard(projects: projects, notifications: try await notifications)
        let (party, signatures) = try await agreements
        d.todo = try await partnershipTodo + agreementTodo(c, party, signatures, projects: projects, now: req.now)
        d.todo += try projectTodo(c, projects: projects, issues: try await issues, outputs: try await outputs)
        d.todo += try await formerOwnerTodo(req, c, visible: ids)
        d.todo += try await incidents.filter { $0.status != .closed }.map { .incident(id: try $0.requireID(), kind: $0.kind, dataset: $0.dataset, status: $0.status.rawValue) }
        d.todo += try await credentials.filter { $0.expired || $0.expires < req.now.addingTimeInterval(60 * 86_400) }.map {
            .credential(organisation: $0.organisationName, scheme: $0.scheme, expires: $0.expires, expired: $0.expired)
        }
        req.auditRead(c, organisation: c.organisation, action: "dashboard.read", object: "dashboard")
        return d
    }

    /// Every agreement the caller's organisation is a party to (those past their review date expired
    /// first, as on any read), with the signatures of the current versions of those awaiting approval.
    private static func partyAgreements(_ req: Request, _ c: Caller) async throws -> ([Agreement], [AgreementSignature]) {
        guard let org = c.organisationID else { return ([], []) }
        let agreements = try await Agreement.query(on: req.db).holding(org, in: \.$parties)
        for a in agreements { try await req.expireIfPastReview(a) }
        let waiting = try agreements.filter { $0.status == AgreementStatus.forApproval }.map { try $0.requireID() }
        let signatures = waiting.isEmpty ? [] : try await AgreementSignature.query(on: req.db).filter(\.$agreement.$id ~~ waiting).all()
        return (agreements, signatures)
    }

    /// Agreements due for review (every one the organisation is a party to, as the reminders list),
    /// then, project by project, those waiting for this user to sign or approve.
    static func agreementTodo(_ c: Caller, _ agreements: [Agreement], _ signatures: [AgreementSignature],
                              projects: [ProjectSummary], now: Date) throws -> [Todo] {
        guard let org = c.organisationID else { return [] }
        let documents = Dictionary(uniqueKeysWithValues: try agreements.map { (try $0.requireID(), $0.decodedDocument) })
        var todo: [Todo] = try agreements.compactMap { a in
            guard let doc = documents[try a.requireID()] ?? nil, a.isDueForReview(doc, at: now) else { return nil }
            return .reviewDue(agreement: try a.requireID(), title: doc.title, reviewDate: doc.reviewDate)
        }
        for p in projects {
            for a in agreements where a.$project.id == p.id && a.status == AgreementStatus.forApproval {
                let id = try a.requireID(), title = documents[id]??.title ?? ""
                let signedBy = signatures.filter { $0.$agreement.id == id && $0.version == a.version }.map(\.organisation)
                if c.role == .signatory, !signedBy.contains(org) { todo.append(.sign(agreement: id, title: title, project: p.name)) }
                if [.orgAdmin, .signatory].contains(c.role), org == a.owner, signedBy.count == a.partyIDs.count { todo.append(.approve(agreement: id, title: title)) }
            }
        }
        return todo
    }

    /// Per project: open quality issues on the caller's organisation's datasets, and outputs put
    /// forward for release that this user should review or, as a data owner, decide on (`mayRead`'s rule:
    /// the project's analysts and reviewers see every output; an owner sees one put forward).
    static func projectTodo(_ c: Caller, projects: [ProjectSummary], issues: [OpenIssue],
                            outputs: [RequestedOutput]) throws -> [Todo] {
        let org = c.organisationID ?? UUID()
        var todo: [Todo] = []
        for p in projects {
            for i in issues where i.project == p.id { todo.append(.qualityIssue(dataset: i.dataset, name: i.name, description: i.description)) }
            let insider = ["analyst", "reviewer"].contains(p.role ?? "")
            for o in outputs where o.project == p.id && (insider || o.owners.contains(org)) {
                if insider, o.author != c.userID, !o.decisions.contains(where: { $0.userID == c.userID }) { todo.append(.reviewOutput(output: o.id, title: o.title)) }
                if AnalysisOutput.ownersPending(o.owners, given: o.decisions).contains(org), [.orgAdmin, .signatory, .provider].contains(c.role) {
                    todo.append(.ownerDecision(output: o.id, title: o.title))
                }
            }
        }
        return todo
    }
}

extension Agreement {
    /// Due for review within 30 days, or overdue, and not suspended: what the reminders list and the
    /// dashboard name.
    func isDueForReview(_ doc: AgreementDocument, at now: Date) -> Bool {
        doc.reviewIsDue(at: now) && status != AgreementStatus.suspended
    }
}
