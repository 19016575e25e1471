import Fluent
import Foundation
import LinkhavenCore
import SQLKit
import Vapor

func releaseRoutes(_ api: any RoutesBuilder) {
    /// The author asks for release: two independent reviewers and every data owner must then approve.
    api.on(API.requestRelease) { req in
        let c = try await req.caller()
        let o = try await req.outputWithAccess(c)
        guard o.author == c.userID else { throw try await req.deny(c, "output.request-release", "only the output's author requests its release") }
        try await req.govern(.releaseRequest, project: o.projectID, datasets: Set(o.datasetNames), c)
        guard o.status.allows(.requested) else { throw Abort(.conflict, reason: "the output is \(o.status.rawValue); only a checked output can be put forward") }
        let result = try JSONDecoder().decode(AnalysisResult.self, from: Data(o.result.utf8))
        guard !result.withheld else { throw Abort(.conflict, reason: "the disclosure check withheld this output; it cannot be released") }
        o.status = .requested
        try await o.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "output.request-release", object: "output/\(try o.requireID())")
        try await Notifier(app: req.application).notify(Array(o.ownerIDs), kind: "release.requested",
            subject: "An output using your data awaits your approval for release", object: "output/\(try o.requireID())")
        return try await req.outputOut(o)
    }

    /// An independent reviewer (a project reviewer or analyst who did not author it) decides.
    api.on(API.reviewOutput) { req, input in
        let c = try await req.caller()
        let o = try await req.outputWithAccess(c)
        try await req.requireProjectRole(c, project: o.projectID, [.reviewer, .analyst], "output.review")
        guard o.author != c.userID else { throw try await req.deny(c, "output.review", "an output's author cannot review it") }
        try await req.govern(.releaseReview, project: o.projectID, datasets: Set(o.datasetNames), c)
        return try await req.outputOut(try await decide(req, c, o, input, kind: "review"))
    }

    /// A data owner (admin, signatory or provider of an organisation whose data it uses) decides.
    api.on(API.approveAsOwner) { req, input in
        let c = try await req.caller()
        let o = try await req.outputWithAccess(c)
        guard let org = c.organisationID, o.ownerIDs.contains(org), [.orgAdmin, .signatory, .provider].contains(c.role) else {
            throw try await req.deny(c, "output.owner-approval", "only an organisation whose data the output uses approves it as owner")
        }
        try await req.govern(.ownerApproval, project: o.projectID, datasets: Set(o.datasetNames), c)
        return try await req.outputOut(try await decide(req, c, o, input, kind: "owner"))
    }

    /// Publishes a released output as open data.
    api.on(API.publishOutput) { req in
        let c = try await req.caller()
        let o = try await req.outputWithAccess(c)
        try await req.requireProjectRole(c, project: o.projectID, [.analyst], "output.publish")
        try await req.govern(.publication, project: o.projectID, datasets: Set(o.datasetNames), c)
        guard o.status.allows(.published) else { throw Abort(.conflict, reason: "only a released output can be published (it is \(o.status.rawValue))") }
        o.status = .published
        try await o.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "output.publish", object: "output/\(try o.requireID())")
        return try await req.outputOut(o)
    }

    /// A published output as open data: CSV, JSON, or GeoJSON (a table's areas as features). No sign-in.
    api.on(API.openOutputCSV) { req in
        let (d, result, _) = try await req.publishedOutput()
        return CSVText(text: OpenData.csv(d, result))
    }
    api.on(API.openOutputJSON) { req in
        let (d, result, _) = try await req.publishedOutput()
        return OpenData.json(d, result)
    }
    api.on(API.openOutputGeoJSON) { req in
        let published = try await req.publishedOutput()
        guard let table = published.result.table else { throw Abort(.notFound, reason: "only tables have a GeoJSON form") }
        let boundaries = try await Project.find(published.project, on: req.db).flatMap { $0.boundaries.isEmpty ? nil : FeatureCollection.read($0.boundaries) }
        return GeoJSONText(text: try OpenData.geojson(table, boundaries: boundaries))
    }

    /// The re-identification loop: for a released cohort under an agreement that allows intervention,
    /// the calling provider's own records' tokens, and nothing of anyone else's.
    api.on(API.cohortTokens) { req in
        let t = try await req.apiToken(for: .downloadCohort)
        guard let o = try await AnalysisOutput.find(req.parameters.get("output", as: UUID.self), on: req.db),
              t.project == nil || t.project == o.projectID else { throw Abort(.notFound, reason: "no such output for this API token") }
        let d = try JSONDecoder().decode(AnalysisDefinition.self, from: Data(o.definition.utf8))
        let own = Set(try await Dataset.query(on: req.db).filter(\.$projectID == o.projectID).filter(\.$provider == t.organisation).all().map(\.name))
        try await req.govern(.cohortTokens, project: o.projectID, datasets: Set(o.datasetNames).union(own),
                             actor: "token/\(try t.requireID())", organisation: t.organisation.uuidString)
        let docs = try await req.approvedDocuments(project: o.projectID)
        guard d.kind == "cohort", o.status.isReleased else {
            throw Abort(.conflict, reason: "only a released cohort yields tokens")
        }
        guard docs.contains(where: { $0.interventionAllowed == true }) else {
            throw Abort(.forbidden, reason: "the agreement's purpose does not allow intervention; cohorts do not go back to providers")
        }
        let mine = Set(docs.flatMap(\.datasets).filter { $0.provider == t.organisation.uuidString }.map(\.name)).filter { t.dataset == nil || t.dataset == $0 }
        guard !mine.isEmpty, let run = try await LinkageJob.find(o.runID, on: req.db) else { throw Abort(.notFound, reason: "your organisation provides none of this project's datasets") }
        let table = try await AnalysisTable.load(run: run, app: req.application)
        var csv = "dataset,record_token\n", count = 0
        for id in AnalysisRunner.members(d, on: table) {
            for ds in mine.sorted() { for token in table.persons[id]?.tokens[ds] ?? [] { csv += "\(ds),\(token)\n"; count += 1 } }
        }
        try await req.platform.audit.record(on: req.db, at: req.now, actor: "token/\(try t.requireID())", organisation: t.organisation.uuidString,
                                            action: "cohort.download", object: "output/\(try o.requireID())")
        return CSVText(text: csv)
    }
}

/// Records a release decision (one per user; one owner decision per organisation), then releases
/// the output once two reviewers and every owner approved, or rejects it on any refusal. The decision,
/// the output's new status, their audit events (staged in the outbox) and the notifications of a release
/// are one transaction, with the output's row locked (PostgreSQL; SQLite has one writer): a process killed
/// half-way leaves none of them, and two last approvals at once cannot both miss each other and leave the
/// output waiting for ever.
/// Returns the output as it now stands.
private func decide(_ req: Request, _ c: Caller, _ o: AnalysisOutput, _ input: ReleaseDecisionIn, kind: String) async throws -> AnalysisOutput {
    let id = try o.requireID(), org = c.organisationID ?? UUID(), now = req.now, userID = c.userID, app = req.application
    let note = String((input.note ?? "").prefix(2_000)), approve = input.approve, released = "An output was released to the partnership"
    let audit = req.platform.audit, actor = c.actor, chain = c.organisation
    let (output, staged, told) = try await req.db.retryingTransaction { tx -> (AnalysisOutput, [AuditLog.Staged], Date?) in
        if let sql = tx as? any SQLDatabase { _ = try await sql.select().column("id").from(AnalysisOutput.schema).where("id", .equal, id).for(.update).first() }
        guard let o = try await AnalysisOutput.find(id, on: tx) else { throw Abort(.notFound, reason: "no such output for you") }
        guard o.status.allows(.released) else { throw Abort(.conflict, reason: "the output is \(o.status.rawValue); only a requested release is decided") }
        let earlier = try await ReleaseDecision.query(on: tx).filter(\.$outputID == id).all()
        guard !earlier.contains(where: { $0.kind == kind && ($0.userID == userID || (kind == "owner" && $0.organisation == org)) }) else {
            throw Abort(.conflict, reason: kind == "owner" ? "your organisation has already decided" : "you have already reviewed this output")
        }
        let d = ReleaseDecision()
        d.outputID = id; d.kind = kind; d.userID = userID; d.organisation = org; d.approve = approve; d.note = note; d.decidedAt = now
        try await d.save(on: tx)
        Failpoint.hit("release.decided")
        var staged = [try await audit.stage(on: tx, at: now, actor: actor, organisation: chain, action: "output.\(kind)", object: "output/\(id)",
                                            outcome: approve ? "approved" : "refused")]
        let approvals = (earlier + [d]).filter(\.approve)
        let reviewers = Set(approvals.filter { $0.kind == "review" }.map(\.userID)), owners = Set(approvals.filter { $0.kind == "owner" }.map(\.organisation))
        if !approve {
            o.status = .rejected
        } else if reviewers.count >= 2, o.ownerIDs.isSubset(of: owners) {
            o.status = .released; o.releasedAt = now
        }
        guard o.hasChanges else { return (o, staged, nil) }
        try await o.save(on: tx)
        staged.append(try await audit.stage(on: tx, at: now, actor: actor, organisation: chain, action: "output.\(o.status.rawValue)", object: "output/\(id)"))
        guard o.status == .released else { return (o, staged, nil) }
        let at = try await Notifier(app: app).record(try await IngestPolicy.projectOrganisations(on: tx, project: o.projectID), kind: "output.released",
                                                     subject: released, object: "output/\(id)", on: tx)
        return (o, staged, at)
    }
    Failpoint.hit("release.committed")
    try await audit.commit(staged, on: req.db)
    if let told {
        await Notifier(app: app).deliver(try await IngestPolicy.projectOrganisations(on: req.db, project: output.projectID), kind: "output.released",
                                         subject: released, object: "output/\(id)", at: told)
    }
    return output
}

extension Request {
    /// The route's `:output` if it is published, with its definition and result, for open data (no
    /// sign-in: the agreement's publication clause governs whether it is still available).
    func publishedOutput() async throws -> (definition: AnalysisDefinition, result: AnalysisResult, project: UUID) {
        guard let o = try await AnalysisOutput.find(parameters.get("output", as: UUID.self), on: db), o.status == .published else {
            throw Abort(.notFound, reason: "no such published output")
        }
        try await govern(.openDataDownload, project: o.projectID, datasets: Set(o.datasetNames), actor: "anonymous", organisation: nil)
        return (try JSONDecoder().decode(AnalysisDefinition.self, from: Data(o.definition.utf8)), try JSONDecoder().decode(AnalysisResult.self, from: Data(o.result.utf8)),
                o.projectID)
    }
}
