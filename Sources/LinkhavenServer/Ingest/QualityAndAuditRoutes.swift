import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension QualityIssue { var out: QualityIssueOut { get throws {
    QualityIssueOut(id: try requireID(), version: version, raisedByOrganisation: raisedByOrganisation, description: description, status: status, resolvedByVersion: resolvedByVersion)
} } }
extension AuditRequest { var out: AuditRequestOut { get throws {
    AuditRequestOut(id: try requireID(), dataset: datasetID, version: version, requesterOrganisation: requesterOrganisation, reason: reason, status: status)
} } }

extension Request {
    /// The audit request of the route, its dataset and the caller, if the caller may decide it (the
    /// provider's admin or signatory) and it is still undecided.
    func auditRequestToDecide() async throws -> (Caller, AuditRequest, Dataset) {
        let c = try await caller()
        guard let a = try await AuditRequest.find(parameters.get("request", as: UUID.self), on: db),
              let d = try await Dataset.find(a.datasetID, on: db), c.organisationID == d.provider || c.organisationID == a.requesterOrganisation else {
            throw Abort(.notFound, reason: "no such audit request for you")
        }
        guard c.organisationID == d.provider, [.orgAdmin, .signatory].contains(c.role) else {
            throw try await deny(c, "audit-request.decide", "the provider's admin or signatory decides")
        }
        guard a.status == .requested else { throw Abort(.conflict, reason: "the request is already \(a.status.rawValue)") }
        return (c, a, d)
    }

    /// Records the provider's decision on an audit request, audited, and tells the requester.
    func decide(_ a: AuditRequest, _ decision: AuditRequestStatus, on d: Dataset, _ c: Caller) async throws -> AuditRequestOut {
        precondition(a.status.allows(decision))
        a.status = decision; a.decidedAt = now
        try await a.save(on: db)
        try await audit(c, organisation: c.organisation, action: "audit-request.\(decision.rawValue)", object: "audit-request/\(try a.requireID())")
        try await Notifier(app: application).notify([a.requesterOrganisation], kind: "audit-request.\(decision.rawValue)",
            subject: "Your request to audit '\(d.name)' was \(decision.rawValue)", object: "audit-request/\(try a.requireID())")
        return try a.out
    }
}

/// Free text a partner writes must not carry identifiers either.
func refuseIdentifiers(_ text: String) throws {
    let strong: Set<IdentifierKind> = [.nhsNumber, .niNumber, .postcode, .email, .phone, .fullDate, .streetAddress]
    for line in text.split(whereSeparator: \.isNewline) where !IdentifierDetector.detect(String(line)).isDisjoint(with: strong) {
        throw Abort(.unprocessableEntity, reason: "the text looks like it contains an identifier; describe the problem by column, line and count only")
    }
}

func qualityAndAuditRoutes(_ api: any RoutesBuilder) {
    api.on(API.raiseQualityIssue) { req, input in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        guard let org = c.organisationID else { throw Abort(.forbidden) }
        guard (1...2_000).contains(input.description.count),
              try await DatasetVersion.query(on: req.db).filter(\.$datasetID == d.requireID()).filter(\.$number == input.version).first() != nil else {
            throw Abort(.unprocessableEntity, reason: "an existing version and a description (1–2,000 characters) are required")
        }
        try refuseIdentifiers(input.description)
        let i = QualityIssue()
        i.datasetID = try d.requireID(); i.version = input.version; i.raisedBy = c.userID; i.raisedByOrganisation = org
        i.description = input.description; i.status = .open; i.createdAt = req.now
        try await i.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "quality-issue.create", object: "quality-issue/\(try i.requireID())")
        let parties = try await IngestPolicy.projectOrganisations(on: req.db, project: d.projectID)
        try await Notifier(app: req.application).notify(parties + [d.provider], kind: "quality-issue",
            subject: "A data quality issue was raised on '\(d.name)' version \(input.version); the provider resolves it with a new version",
            object: "quality-issue/\(try i.requireID())")
        return try i.out
    }

    api.on(API.qualityIssues) { req in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        req.auditRead(c, organisation: c.organisation, action: "quality-issue.list", object: "dataset/\(try d.requireID())")
        return try await QualityIssue.query(on: req.db).filter(\.$datasetID == d.requireID()).sort(\.$createdAt).all().map { try $0.out }
    }

    api.on(API.resolveQualityIssue) { req, input in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        try await req.requireProvider(c, of: d, "quality-issue.resolve")
        guard let i = try await QualityIssue.find(req.parameters.get("issue", as: UUID.self), on: req.db), i.datasetID == d.id, i.status.allows(.resolved) else {
            throw Abort(.notFound, reason: "no such open issue on this dataset")
        }
        guard input.version > i.version, try await DatasetVersion.query(on: req.db).filter(\.$datasetID == d.requireID())
            .filter(\.$number == input.version).filter(\.$status == VersionStatus.current).first() != nil else {
            throw Abort(.unprocessableEntity, reason: "an issue is resolved by a newer, current version of the dataset")
        }
        i.status = .resolved; i.resolvedByVersion = input.version; i.resolvedAt = req.now
        try await i.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "quality-issue.resolve", object: "quality-issue/\(try i.requireID())")
        try await Notifier(app: req.application).notify(try await IngestPolicy.projectOrganisations(on: req.db, project: d.projectID), kind: "quality-issue.resolved",
            subject: "The data quality issue on '\(d.name)' was resolved by version \(input.version)", object: "quality-issue/\(try i.requireID())")
        return try i.out
    }

    /// A partner's named contact asks to audit the provider's pseudonymisation (protocol section 8).
    api.on(API.requestAudit) { req, input in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        guard [.orgAdmin, .signatory].contains(c.role), let org = c.organisationID, org != d.provider else {
            throw try await req.deny(c, "audit-request.create", "another partner's admin or signatory requests an audit")
        }
        guard (1...2_000).contains(input.reason.count) else { throw Abort(.unprocessableEntity, reason: "a reason (1–2,000 characters) is required") }
        guard let v = try await DatasetVersion.query(on: req.db).filter(\.$datasetID == d.requireID()).filter(\.$status == VersionStatus.current).first() else {
            throw Abort(.conflict, reason: "the dataset has no current version to audit")
        }
        let a = AuditRequest()
        a.datasetID = try d.requireID(); a.version = v.number; a.requesterOrganisation = org; a.requester = c.userID; a.reason = input.reason
        a.status = .requested; a.assessmentReference = ""; a.procedure = ""; a.createdAt = req.now
        try await a.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "audit-request.create", object: "audit-request/\(try a.requireID())")
        try await Notifier(app: req.application).notify([d.provider], kind: "audit-request",
            subject: "A partner asks to audit the pseudonymisation of '\(d.name)'", object: "audit-request/\(try a.requireID())")
        return try a.out
    }

    /// The provider approves an audit (with the assessment reference and the documented procedure) or declines it.
    api.on(API.approveAudit) { req, input in
        let (c, a, d) = try await req.auditRequestToDecide()
        guard (1...200).contains(input.assessmentReference.count), (1...100_000).contains(input.procedure.count) else {
            throw Abort(.unprocessableEntity, reason: "the assessment reference (1–200 characters) and the procedure document are required")
        }
        try refuseIdentifiers(input.procedure)
        a.assessmentReference = input.assessmentReference; a.procedure = input.procedure
        return try await req.decide(a, .approved, on: d, c)
    }

    api.on(API.declineAudit) { req in
        let (c, a, d) = try await req.auditRequestToDecide()
        return try await req.decide(a, .declined, on: d, c)
    }

    api.onStreamed(API.auditBundle) { req in
        let c = try await req.caller()
        guard let a = try await AuditRequest.find(req.parameters.get("request", as: UUID.self), on: req.db), a.requesterOrganisation == c.organisationID,
              [.orgAdmin, .signatory, .auditor].contains(c.role) else { throw Abort(.notFound, reason: "no such audit request for you") }
        if let d = try await Dataset.find(a.datasetID, on: req.db) { try await req.govern(.auditBundle, project: d.projectID, datasets: [d.name], c) }
        guard a.status == .approved, let d = try await Dataset.find(a.datasetID, on: req.db),
              let v = try await DatasetVersion.query(on: req.db).filter(\.$datasetID == a.datasetID).filter(\.$number == a.version).first(),
              !v.wrappedKey.isEmpty else { throw Abort(.conflict, reason: "the bundle is available once the provider approves, while the data is held") }
        try await req.audit(c, organisation: c.organisation, action: "audit-request.bundle", object: "audit-request/\(try a.requireID())")
        var incidents: [IncidentOut] = []
        for i in try await Incident.query(on: req.db).filter(\.$projectID == d.projectID).sort(\.$createdAt).all()
        where i.datasetNames.contains(d.name) || i.dataset == d.name { incidents.append(try await req.incidentOut(i)) }
        return try AuditBundle(request: a, dataset: d, version: v, incidents: incidents, platform: req.platform, now: req.now).response()
    }
}

func auditRequestListRoutes(_ api: any RoutesBuilder) {
    /// Audit requests on a dataset: all of them for its provider, a requester's own for the requester.
    api.on(API.auditRequests) { req in
        let c = try await req.caller()
        let d = try await req.datasetWithAccess(c)
        let q = AuditRequest.query(on: req.db).filter(\.$datasetID == (try d.requireID())).sort(\.$createdAt, .descending)
        if c.organisationID != d.provider { q.filter(\.$requesterOrganisation == (c.organisationID ?? UUID())) }
        return try await q.all().map { try $0.out }
    }
}
