import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension Request {
    /// The incidents `c` may see, newest first: all for the operator; for an admin, signatory, provider
    /// or auditor, those their organisation recorded or is affected by; none for anyone else.
    func incidents(visibleTo c: Caller) async throws -> [Incident] {
        if c.role == .operator_ { return try await Incident.query(on: db).sort(\.$createdAt, .descending).all() }
        guard [.orgAdmin, .signatory, .provider, .auditor].contains(c.role), let org = c.organisationID else { return [] }
        return try await Incident.query(on: db).sort(\.$createdAt, .descending).all().filter { $0.organisation == org || $0.affectedIDs.contains(org) }
    }

    /// The route's incident, if `c` may see it (others get 404).
    func incidentWithAccess(_ c: Caller) async throws -> Incident {
        guard let i = try await Incident.find(parameters.get("incident", as: UUID.self), on: db),
              c.role == .operator_ || (c.organisationID.map { $0 == i.organisation || i.affectedIDs.contains($0) } == true
                                       && [.orgAdmin, .signatory, .provider, .auditor].contains(c.role)) else {
            throw Abort(.notFound, reason: "no such incident for you")
        }
        return i
    }

    /// The incident as the API shows it, with its timeline.
    func incidentOut(_ i: Incident) async throws -> IncidentOut {
        let entries = try await IncidentEntry.query(on: db).filter(\.$incidentID == i.requireID()).sort(\.$createdAt).all()
        let decision = entries.last { $0.kind == .decision }
        return IncidentOut(id: try i.requireID(), organisation: i.organisation, project: i.projectID, kind: i.kind, description: i.description,
                           datasets: i.datasetNames, outputs: i.outputIDs, affected: i.affectedIDs, controller: i.controllerID,
                           severity: i.severity, likelihood: i.likelihood, discoveredAt: i.discoveredAt ?? i.createdAt,
                           viewsAwaited: decision == nil ? i.viewsAwaited(given: entries) : [], upload: i.upload,
                           findings: Incident.decode(i.findings, as: ScanFinding.self), status: i.status, cause: i.cause, lessons: i.lessons,
                           reportedToRegulator: decision?.report ?? (i.reportedToRegulator ? true : nil), regulatorReference: i.regulatorReference,
                           timeline: entries.map(\.out), createdAt: i.createdAt, closedAt: i.closedAt)
    }
}

extension Incident {
    /// The affected organisations, other than the controller, that have not yet given their view on reporting.
    func viewsAwaited(given entries: [IncidentEntry]) -> [UUID] {
        let given = Set(entries.filter { $0.kind == .view }.compactMap(\.organisation))
        return affectedIDs.filter { $0 != controllerID && !given.contains($0) }
    }

    /// When a report to the ICO is due, if one is needed: 72 hours from discovery.
    var regulatorDeadline: Date { (discoveredAt ?? createdAt).addingTimeInterval(72 * 3600) }

    /// Adds a line to the timeline.
    func record(_ kind: IncidentEntryKind, by c: Caller?, text: String, report: Bool? = nil, reference: String = "", at: Date,
                on db: any Database) async throws {
        let e = IncidentEntry()
        e.incidentID = try requireID(); e.kind = kind; e.organisation = c?.organisationID; e.userID = c?.userID; e.text = text
        e.report = report; e.reference = reference; e.createdAt = at
        try await e.save(on: db)
    }
}

/// Free text about an incident: trimmed, 1 to `limit` characters, and refused if it looks like it holds an identifier.
func incidentText(_ text: String, _ what: String, limit: Int = 5_000) throws -> String {
    let t = text.trimmingWhitespace
    guard !t.isEmpty, t.count <= limit else { throw Abort(.unprocessableEntity, reason: "\(what): 1 to \(limit) characters") }
    try refuseIdentifiers(t)
    return t
}
