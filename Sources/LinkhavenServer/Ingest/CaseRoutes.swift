import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension IncidentOut {
    init(_ i: Incident) throws {
        self.init(id: try i.requireID(), organisation: i.organisation, project: i.projectID, dataset: i.dataset, upload: i.uploadID,
                  findings: try JSONDecoder().decode([ScanFinding].self, from: Data(i.findings.utf8)), status: i.status, cause: i.cause,
                  lessons: i.lessons, reportedToRegulator: i.reportedToRegulator, regulatorReference: i.regulatorReference,
                  createdAt: i.createdAt, closedAt: i.closedAt)
    }
}

extension Request {
    /// The incident, for its provider organisation's governance and providers, or the operator.
    func incidentWithAccess(_ c: Caller) async throws -> Incident {
        guard let i = try await Incident.find(parameters.get("incident", as: UUID.self), on: db),
              c.role == .operator_ || (c.organisationID == i.organisation && [.orgAdmin, .signatory, .provider, .auditor].contains(c.role)) else {
            throw Abort(.notFound, reason: "no such incident for you")
        }
        return i
    }
}

func caseRoutes(_ api: any RoutesBuilder) {
    api.on(API.incidents) { req in
        let c = try await req.caller()
        req.auditRead(c, organisation: c.organisation, action: "incident.list", object: "incidents")
        return try await req.incidents(visibleTo: c).map(IncidentOut.init)
    }

    api.on(API.incident) { req in
        let c = try await req.caller()
        let i = try await req.incidentWithAccess(c)
        req.auditRead(c, organisation: c.organisation, action: "incident.read", object: "incident/\(try i.requireID())")
        return try IncidentOut(i)
    }

    /// The follow-up: investigating, then closed with the cause and lessons learned, and whether the
    /// regulator (ICO) was told. Closing shares the lessons with every partner of the project.
    api.on(API.updateIncident) { req, input in
        let c = try await req.caller()
        let i = try await req.incidentWithAccess(c)
        guard c.role == .operator_ || [.orgAdmin, .signatory].contains(c.role) else {
            throw try await req.deny(c, "incident.update", "only the provider's admin or signatory, or the operator, updates an incident")
        }
        guard input.cause.count <= 5_000, input.lessons.count <= 5_000, (input.regulatorReference?.count ?? 0) <= 100 else {
            throw Abort(.unprocessableEntity, reason: "cause and lessons up to 5,000 characters, the regulator's reference up to 100")
        }
        guard i.status.allows(input.status) else { throw Abort(.conflict, reason: "the incident is closed") }
        if input.status == .closed, input.cause.trimmingWhitespace.isEmpty || input.lessons.trimmingWhitespace.isEmpty {
            throw Abort(.unprocessableEntity, reason: "an incident closes only with its cause and the lessons learned")
        }
        i.status = input.status; i.cause = input.cause; i.lessons = input.lessons; i.reportedToRegulator = input.reportedToRegulator
        i.regulatorReference = input.regulatorReference ?? ""
        if input.status == .closed { i.closedAt = req.now }
        try await i.save(on: req.db)
        let id = try i.requireID()
        try await req.audit(c, organisation: i.organisation.uuidString, action: "incident.\(input.status == .closed ? "close" : "update")", object: "incident/\(id)")
        if input.status == .closed {
            let parties = try await IngestPolicy.projectOrganisations(on: req.db, project: i.projectID)
            try await Notifier(app: req.application).notify(parties, kind: "incident.closed",
                subject: "A breach incident on '\(i.dataset)' was closed; its cause and lessons learned are shared with the partners", object: "incident/\(id)")
        }
        return try IncidentOut(i)
    }

    api.on(API.notifications) { req in
        let c = try await req.caller()
        let limit = try req.query.get(Int?.self, at: "limit") ?? 200
        guard (1...200).contains(limit) else { throw Abort(.badRequest, reason: "limit must be a whole number from 1 to 200") }
        return try await req.notifications(for: c, limit: limit)
    }

    api.on(API.markNotificationRead) { req in
        let c = try await req.caller()
        guard let n = try await Notification.find(req.parameters.get("n", as: UUID.self), on: req.db), n.organisation == c.organisationID else {
            throw Abort(.notFound, reason: "no such notification")
        }
        n.readAt = req.now
        try await n.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "notification.read", object: "notification/\(try n.requireID())")
        return NoBody()
    }
}

extension Request {
    /// The incidents `c` may see, newest first: all for the operator; their own organisation's for its
    /// admin, signatory, provider or auditor; none for anyone else.
    func incidents(visibleTo c: Caller) async throws -> [Incident] {
        let q = Incident.query(on: db).sort(\.$createdAt, .descending)
        if c.role != .operator_ {
            guard [.orgAdmin, .signatory, .provider, .auditor].contains(c.role), let org = c.organisationID else { return [] }
            q.filter(\.$organisation == org)
        }
        return try await q.all()
    }

    /// The newest `limit` notifications for the caller's organisation.
    func notifications(for c: Caller, limit: Int) async throws -> [NotificationOut] {
        guard let org = c.organisationID else { return [] }
        return try await Notification.query(on: db).filter(\.$organisation == org).sort(\.$createdAt, .descending).range(..<limit).all().map {
            NotificationOut(id: try $0.requireID(), kind: $0.kind, subject: $0.subject, object: $0.object, createdAt: $0.createdAt, read: $0.readAt != nil)
        }
    }
}
