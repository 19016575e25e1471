import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension Request {
    /// The approved agreement documents of a project.
    func approvedDocuments(project: UUID) async throws -> [AgreementDocument] {
        try await ProjectGovernance.load(on: db, project: project, now: now).entries.filter { $0.status == .approved }.map(\.document)
    }

    /// The output, if the caller may see it: analysts and reviewers always; other partners once released.
    /// Its owners' admins, signatories and providers see an output put forward for release, to decide
    /// on it, even once their organisation is no longer in the project.
    func outputWithAccess(_ c: Caller) async throws -> AnalysisOutput {
        guard let o = try await AnalysisOutput.find(parameters.get("output", as: UUID.self), on: db) else { throw Abort(.notFound, reason: "no such output for you") }
        if o.status == .requested, o.ownerIDs.contains(c.organisationID ?? UUID()), [.orgAdmin, .signatory, .provider].contains(c.role) { return o }
        _ = try await projectWithAccess(c, id: o.projectID, object: "output")
        guard try await mayRead(o, c, insider: try await isInsider(c, project: o.projectID)) else { throw Abort(.notFound, reason: "no such output for you") }
        return o
    }

    /// Whether the caller is one of the project's analysts or reviewers, who see every output.
    func isInsider(_ c: Caller, project: UUID) async throws -> Bool {
        [Role.analyst, .reviewer].contains(try await projectRole(c, project: project) ?? .auditor)
    }

    /// Whether the caller may see the output: insiders always; every partner once it is released; a
    /// data owner once it is put forward for release, to decide on it.
    func mayRead(_ o: AnalysisOutput, _ c: Caller, insider: Bool) async throws -> Bool {
        if insider || o.status.isReleased { return true }
        return o.status == .requested ? o.ownerIDs.contains(c.organisationID ?? UUID()) : false
    }

    func outputOut(_ o: AnalysisOutput) async throws -> OutputOut {
        let decisions = try await ReleaseDecision.query(on: db).filter(\.$outputID == o.requireID()).sort(\.$decidedAt).all()
        return OutputOut(id: try o.requireID(), project: o.projectID, run: o.runID, author: o.author, status: o.status,
                         definition: try JSONDecoder().decode(AnalysisDefinition.self, from: Data(o.definition.utf8)),
                         result: try JSONDecoder().decode(AnalysisResult.self, from: Data(o.result.utf8)), datasets: o.datasetNames,
                         createdAt: o.createdAt, releasedAt: o.releasedAt,
                         decisions: decisions.map { DecisionOut(kind: $0.kind, user: $0.userID, organisation: $0.organisation, approve: $0.approve, note: $0.note, decidedAt: $0.decidedAt) },
                         ownersPending: o.ownersPending(given: decisions).sorted { $0.uuidString < $1.uuidString })
    }
}

extension AnalysisOutput {
    /// The data owners who have not yet approved its release, given the decisions made on it.
    func ownersPending(given decisions: [ReleaseDecision]) -> Set<UUID> { Self.ownersPending(ownerIDs, given: decisions) }

    /// Of `owners`, those who have not yet approved a release, given the decisions made on it.
    static func ownersPending(_ owners: Set<UUID>, given decisions: [ReleaseDecision]) -> Set<UUID> {
        owners.subtracting(decisions.filter { $0.kind == "owner" && $0.approve }.map(\.organisation))
    }

    /// The title its definition (`AnalysisDefinition` JSON) gives it, or empty.
    static func title(definition: String) -> String {
        (try? JSONDecoder().decode(AnalysisDefinition.self, from: Data(definition.utf8)))?.title ?? ""
    }

    var datasetNames: [String] { (try? JSONDecoder().decode([String].self, from: Data(datasets.utf8))) ?? [] }

    /// The organisations whose data it uses, fixed when it was made.
    var ownerIDs: Set<UUID> { Set(UUIDList.parse(owners)) }

    /// The organisations that provided `datasets` to `project`: the provider of each uploaded dataset,
    /// or, for one not yet uploaded, the provider its agreements name (whatever their status).
    static func owners(of datasets: Set<String>, project: UUID, on db: any Database) async throws -> Set<UUID> {
        var owners = Set<UUID>(), missing = datasets
        for d in try await Dataset.query(on: db).filter(\.$projectID == project).all() where datasets.contains(d.name) {
            owners.insert(d.provider); missing.remove(d.name)
        }
        if !missing.isEmpty {
            for a in try await Agreement.query(on: db).filter(\.$project.$id == project).all() {
                for d in a.decodedDocument?.datasets ?? [] where missing.contains(d.name) { UUID(uuidString: d.provider).map { _ = owners.insert($0) } }
            }
        }
        return owners
    }
}

func analysisRoutes(_ api: any RoutesBuilder) {
    /// Runs an analysis on a linkage run (the latest that succeeded by default) and keeps its checked output.
    api.on(API.runAnalysis) { req, input in
        let (c, _, projectID) = try await req.projectActor([.analyst], "analysis.run")
        return try await runAnalysis(req, c, project: projectID, input.definition, run: input.run)
    }

    /// Runs an output's definition again, on the latest succeeded linkage run (or `run`), as a new output.
    api.on(API.rerunOutput) { req, input in
        let c = try await req.caller()
        let o = try await req.outputWithAccess(c)
        try await req.requireProjectRole(c, project: o.projectID, [.analyst], "analysis.run")
        let d = try JSONDecoder().decode(AnalysisDefinition.self, from: Data(o.definition.utf8))
        return try await runAnalysis(req, c, project: o.projectID, d, run: input.run)
    }

    api.on(API.outputs) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        let insider = try await req.isInsider(c, project: p.requireID())
        var out: [OutputOut] = []
        for o in try await AnalysisOutput.query(on: req.db).filter(\.$projectID == p.requireID()).sort(\.$createdAt, .descending).all()
        where try await req.mayRead(o, c, insider: insider) { out.append(try await req.outputOut(o)) }
        return out
    }

    api.on(API.output) { req in
        let c = try await req.caller()
        let o = try await req.outputWithAccess(c)
        req.auditRead(c, organisation: c.organisation, action: "output.read", object: "output/\(try o.requireID())")
        return try await req.outputOut(o)
    }
    releaseRoutes(api)
}

/// Loads the run's analysis table, checks and runs the definition under the agreement's rules
/// (consistent with earlier tables of the same population), and keeps the output.
private func runAnalysis(_ req: Request, _ c: Caller, project projectID: UUID, _ d: AnalysisDefinition, run wanted: UUID?) async throws -> OutputOut {
    var query = LinkageJob.query(on: req.db).filter(\.$projectID == projectID).filter(\.$status == RunStatus.succeeded)
    if let wanted { query = query.filter(\.$id == wanted) }
    guard let run = try await query.sort(\.$finishedAt, .descending).first() else {
        throw Abort(.conflict, reason: "no succeeded linkage run to analyse" + (wanted == nil ? "" : " with that id"))
    }
    try await req.govern(.analysis, project: projectID, datasets: Set(run.inputDatasets), c)
    let table = try await AnalysisTable.load(run: run, app: req.application)
    let problems = d.problems(table)
    guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: problems.joined(separator: "; ")) }
    guard let doc = try await req.approvedDocuments(project: projectID).first else { throw Abort(.conflict, reason: "the project has no APPROVED agreement in force") }
    let earlier = try await AnalysisOutput.query(on: req.db).filter(\.$projectID == projectID).filter(\.$status != .rejected).all().compactMap { o in
        (try? JSONDecoder().decode(AnalysisDefinition.self, from: Data(o.definition.utf8)))
            .flatMap { d in (try? JSONDecoder().decode(AnalysisResult.self, from: Data(o.result.utf8))).map { (d, $0) } }
    }
    let datasets = d.datasets(inRun: run.inputDatasets)
    let result = try AnalysisRunner.run(d, on: table, rules: doc.disclosureRules(for: datasets), overlap: AnalysisRunner.overlap(of: d, among: earlier))
    Failpoint.hit("analysis.computed")
    let o = AnalysisOutput()
    o.projectID = projectID; o.runID = try run.requireID(); o.author = c.userID; o.status = .checked; o.createdAt = req.now
    o.definition = String(decoding: try JSONEncoder().encode(d), as: UTF8.self)
    o.result = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
    o.datasets = String(decoding: try JSONEncoder().encode(datasets.sorted()), as: UTF8.self)
    o.owners = try await AnalysisOutput.owners(of: datasets, project: projectID, on: req.db).map(\.uuidString).sorted().joined(separator: ",")
    // The output and its audit event commit together (the event staged in the outbox, then chained).
    let audit = req.platform.audit, at = req.now, actor = c.actor, chain = c.organisation
    let staged = try await req.db.writeTransaction { tx in
        try await o.save(on: tx)
        return try await audit.stage(on: tx, at: at, actor: actor, organisation: chain, action: "analysis.run", object: "output/\(try o.requireID())")
    }
    try await audit.commit([staged], on: req.db)
    return try await req.outputOut(o)
}
