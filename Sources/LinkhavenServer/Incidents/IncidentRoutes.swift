import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Incidents of any kind (protocol section 10, ¶213–¶215): recorded by any member of a project,
/// every affected partner told at once; a timeline of what was done; each affected partner's view on
/// reporting to the ICO before the controller decides, within 72 hours of discovery; closed with the
/// cause and the lessons learned, shared with the partners.
func incidentRoutes(_ api: any RoutesBuilder) {
    api.on(API.incidents) { req in
        let c = try await req.caller()
        req.auditRead(c, organisation: c.organisation, action: "incident.list", object: "incidents")
        var out: [IncidentOut] = []
        for i in try await req.incidents(visibleTo: c) { out.append(try await req.incidentOut(i)) }
        return out
    }

    api.on(API.incident) { req in
        let c = try await req.caller()
        let i = try await req.incidentWithAccess(c)
        req.auditRead(c, organisation: c.organisation, action: "incident.read", object: "incident/\(try i.requireID())")
        return try await req.incidentOut(i)
    }

    api.on(API.recordIncident) { req, input in
        let c = try await req.caller()
        guard let org = c.organisationID else { throw try await req.deny(c, "incident.record", "incidents are recorded by a partner of the project") }
        let p = try await req.projectWithAccess(c, id: input.project)
        let i = try await Incident.recorded(input, by: c, organisation: org, project: p, on: req.db, now: req.now)
        let id = try i.requireID()
        try await req.audit(c, organisation: c.organisation, action: "incident.record", object: "incident/\(id)")
        let recorder = try await Organisation.find(org, on: req.db)?.name ?? "a partner"
        try await Notifier(app: req.application).notify(i.affectedIDs, kind: "incident.opened",
            subject: "\(recorder) recorded an incident (\(i.kind.label); severity \(i.severity), likelihood \(i.likelihood) of 5) affecting your organisation. "
                + "A report to the ICO, if needed, is due by \(AuditLog.formatter.format(i.regulatorDeadline)); give your view on reporting.",
            object: "incident/\(id)")
        return try await req.incidentOut(i)
    }

    api.on(API.addIncidentEntry) { req, input in
        let c = try await req.caller()
        let i = try await req.incidentWithAccess(c)
        let governs = [.orgAdmin, .signatory].contains(c.role) && c.organisationID.map { i.affectedIDs.contains($0) || $0 == i.organisation } == true
        guard c.role == .operator_ || governs || i.recordedBy == c.userID else {
            throw try await req.deny(c, "incident.entry", "an affected organisation's admin or signatory, or whoever recorded it, adds to the timeline")
        }
        guard [.action, .containment, .note].contains(input.kind) else {
            throw Abort(.unprocessableEntity, reason: "a timeline entry is an action, containment or a note (views and the decision have their own routes)")
        }
        guard i.status != .closed else { throw Abort(.conflict, reason: "the incident is closed") }
        try await i.record(input.kind, by: c, text: try incidentText(input.text, "the entry"), at: req.now, on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "incident.entry", object: "incident/\(try i.requireID())", outcome: "success: \(input.kind.rawValue)")
        return try await req.incidentOut(i)
    }

    api.on(API.giveRegulatorView) { req, input in
        let c = try await req.caller()
        let i = try await req.incidentWithAccess(c)
        guard [.orgAdmin, .signatory].contains(c.role), let org = c.organisationID, i.affectedIDs.contains(org), org != i.controllerID else {
            throw try await req.deny(c, "incident.view", "an affected partner's admin or signatory gives its view; the controller decides")
        }
        let entries = try await IncidentEntry.query(on: req.db).filter(\.$incidentID == i.requireID()).all()
        guard !entries.contains(where: { $0.kind == .decision }), i.status != .closed else { throw Abort(.conflict, reason: "the controller has already decided") }
        guard !entries.contains(where: { $0.kind == .view && $0.organisation == org }) else {
            throw Abort(.conflict, reason: "your organisation's view is already recorded")
        }
        try await i.record(.view, by: c, text: try incidentText(input.reason, "the reason", limit: 2_000), report: input.report, at: req.now, on: req.db)
        let id = try i.requireID()
        try await req.audit(c, organisation: c.organisation, action: "incident.view", object: "incident/\(id)", outcome: "success: \(input.report ? "report" : "do not report")")
        let name = try await Organisation.find(org, on: req.db)?.name ?? "A partner"
        try await Notifier(app: req.application).notify([i.controllerID], kind: "incident.view",
            subject: "\(name) gave its view on the incident: \(input.report ? "report it to the ICO" : "no report to the ICO needed")", object: "incident/\(id)")
        return try await req.incidentOut(i)
    }

    api.on(API.decideRegulator) { req, input in
        let c = try await req.caller()
        let i = try await req.incidentWithAccess(c)
        guard [.orgAdmin, .signatory].contains(c.role), c.organisationID == i.controllerID else {
            throw try await req.deny(c, "incident.decide", "the controller's admin or signatory decides on reporting to the ICO")
        }
        let entries = try await IncidentEntry.query(on: req.db).filter(\.$incidentID == i.requireID()).all()
        guard !entries.contains(where: { $0.kind == .decision }), i.status != .closed else { throw Abort(.conflict, reason: "the decision is already recorded") }
        var reason = try incidentText(input.reason, "the reason", limit: 2_000)
        let awaited = i.viewsAwaited(given: entries)
        if !awaited.isEmpty {
            guard i.regulatorDeadline.timeIntervalSince(req.now) < 24 * 3600 else {
                let names = try await Organisation.query(on: req.db).filter(\.$id ~~ awaited).all().map(\.name).sorted()
                throw Abort(.conflict, reason: "every affected partner gives its view first (awaited: \(names.joined(separator: ", "))); "
                            + "with under 24 hours left on the 72-hour clock the controller may decide without them")
            }
            reason += " (decided with \(awaited.count) partner view\(awaited.count == 1 ? "" : "s") still awaited, under 24 hours before the ICO deadline)"
        }
        let reference = (input.reference ?? "").trimmingWhitespace
        guard reference.count <= 100, !input.report || !reference.isEmpty, input.report || reference.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "a decision to report gives the ICO's reference (up to 100 characters); a decision not to report gives none")
        }
        try refuseIdentifiers(reference)
        try await i.record(.decision, by: c, text: reason, report: input.report, reference: reference, at: req.now, on: req.db)
        i.reportedToRegulator = input.report; i.regulatorReference = reference
        if i.status == .open { i.status = .investigating }
        try await i.save(on: req.db)
        let id = try i.requireID()
        try await req.audit(c, organisation: c.organisation, action: "incident.decide", object: "incident/\(id)",
                            outcome: "success: \(input.report ? "reported to the ICO" : "not reported to the ICO")")
        try await Notifier(app: req.application).notify(i.affectedIDs, kind: "incident.decision",
            subject: "The controller decided on the incident: \(input.report ? "reported to the ICO (reference \(reference))" : "not reported to the ICO")",
            object: "incident/\(id)")
        return try await req.incidentOut(i)
    }

    /// The follow-up: investigating, then closed with the cause and lessons learned, once reporting is
    /// decided. Closing shares the lessons with every partner of the project.
    api.on(API.updateIncident) { req, input in
        let c = try await req.caller()
        let i = try await req.incidentWithAccess(c)
        guard c.role == .operator_ || ([.orgAdmin, .signatory].contains(c.role) && c.organisationID == i.controllerID) else {
            throw try await req.deny(c, "incident.update", "only the controller's admin or signatory, or the operator, updates an incident")
        }
        guard input.cause.count <= 5_000, input.lessons.count <= 5_000 else { throw Abort(.unprocessableEntity, reason: "cause and lessons up to 5,000 characters") }
        guard i.status.allows(input.status) else { throw Abort(.conflict, reason: "the incident is closed") }
        if input.status == .closed {
            guard !input.cause.trimmingWhitespace.isEmpty, !input.lessons.trimmingWhitespace.isEmpty else {
                throw Abort(.unprocessableEntity, reason: "an incident closes only with its cause and the lessons learned")
            }
            let decided = try await IncidentEntry.query(on: req.db).filter(\.$incidentID == i.requireID()).filter(\.$kind == .decision).count() > 0
            guard decided || i.reportedToRegulator else { throw Abort(.conflict, reason: "an incident closes once the controller has decided on reporting to the ICO") }
        }
        for text in [input.cause, input.lessons] where !text.isEmpty { try refuseIdentifiers(text) }
        let changed = i.status != input.status
        i.status = input.status; i.cause = input.cause; i.lessons = input.lessons
        if input.status == .closed { i.closedAt = req.now }
        try await i.save(on: req.db)
        if changed { try await i.record(.status, by: c, text: input.status.rawValue, at: req.now, on: req.db) }
        let id = try i.requireID()
        try await req.audit(c, organisation: i.organisation.uuidString, action: "incident.\(input.status == .closed ? "close" : "update")", object: "incident/\(id)")
        if input.status == .closed {
            let parties = try await IngestPolicy.projectOrganisations(on: req.db, project: i.projectID)
            try await Notifier(app: req.application).notify(Array(Set(parties + i.affectedIDs)), kind: "incident.closed",
                subject: "An incident (\(i.kind.label)) was closed; its cause and lessons learned are shared with the partners", object: "incident/\(id)")
        }
        return try await req.incidentOut(i)
    }
}
