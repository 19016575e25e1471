import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension Request {
    /// The caller's role in the project, if they are a member of it.
    func projectRole(_ c: Caller, project: UUID) async throws -> Role? {
        try await membership(c, project: project).flatMap { Role(rawValue: $0.role) }
    }

    /// The caller holds one of `roles` in the project, or is refused (and the refusal audited).
    func requireProjectRole(_ c: Caller, project: UUID, _ roles: Set<Role>, _ action: String) async throws {
        guard let r = try await projectRole(c, project: project), roles.contains(r) else {
            throw try await deny(c, action, "only the project's " + roles.map(\.rawValue).sorted().joined(separator: " or ") + " members do this")
        }
    }

    /// The caller, the route's project and its id, if the caller holds one of `roles` in it.
    func projectActor(_ roles: Set<Role>, _ action: String) async throws -> (Caller, Project, UUID) {
        let c = try await caller()
        let p = try await projectWithAccess(c)
        let id = try p.requireID()
        try await requireProjectRole(c, project: id, roles, action)
        return (c, p, id)
    }

    func runWithAccess(_ c: Caller) async throws -> LinkageJob {
        guard let run = try await LinkageJob.find(parameters.get("run", as: UUID.self), on: db) else { throw Abort(.notFound, reason: "no such linkage run for you") }
        _ = try await projectWithAccess(c, id: run.projectID, object: "linkage run")
        return run
    }

    func runOut(_ j: LinkageJob, withReport: Bool) async throws -> RunOut {
        let inputs = (try? JSONDecoder().decode([RunInput].self, from: Data(j.inputs.utf8))) ?? []
        var out: [RunInputOut] = []
        for i in inputs {
            let current = try await DatasetVersion.find(i.version, on: db)?.status == VersionStatus.current
            out.append(RunInputOut(dataset: i.dataset, version: i.number, contentSHA256: i.contentSHA256, stale: !current))
        }
        let report = withReport && !j.report.isEmpty ? try? JSONDecoder().decode(LinkageReport.self, from: Data(j.report.utf8)) : nil
        var bands: [ClericalBand]? = nil
        if withReport {
            let decisions = try await ClericalDecision.query(on: db).filter(\.$projectID == j.projectID).all()
            bands = [("0.0–0.5", 0.0, 0.5), ("0.5–0.9", 0.5, 0.9), ("0.9–1.0", 0.9, 1.01)].compactMap { name, lo, hi in
                let inBand = decisions.filter { $0.probability >= lo && $0.probability < hi }
                guard !inBand.isEmpty else { return nil }
                let m = inBand.filter(\.isMatch).count
                return ClericalBand(band: name, decided: inBand.count, matches: m, observedPrecision: Double(m) / Double(inBand.count))
            }
        }
        return RunOut(id: try j.requireID(), project: j.projectID, status: j.status, progress: j.progress, attempts: j.attempts, worker: j.worker,
                      createdAt: j.createdAt, startedAt: j.startedAt, finishedAt: j.finishedAt, error: j.error.isEmpty ? nil : j.error,
                      inputs: out, stale: out.contains(where: \.stale), report: report, clerical: bands)
    }
}

func linkageRoutes(_ api: any RoutesBuilder) {
    /// The analysts' linkage configuration: which datasets, blocking, comparisons, thresholds.
    api.on(API.setLinkConfig) { req, document in
        let (c, p, projectID) = try await req.projectActor([.analyst], "linkage.config")
        let data = Data(document.text.utf8)
        guard !data.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "send the linkage configuration (linkhaven-link/1 JSON) as the body")
        }
        let config: LinkConfig
        do { config = try LinkConfig.load(data: data, file: "the configuration") } catch {
            throw Abort(.unprocessableEntity, reason: "\(error)")
        }
        guard let spec = try p.registeredSpec() else { throw Abort(.conflict, reason: "register the project's linkage spec first") }
        let known = Set(spec.datasets.map(\.name))
        let unknown = config.datasets.map(\.name).filter { !known.contains($0) }
        guard unknown.isEmpty else { throw Abort(.unprocessableEntity, reason: "datasets not in the project's spec: \(unknown.joined(separator: ", "))") }
        p.linkConfig = String(decoding: data, as: UTF8.self)
        try await p.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "linkage.config", object: "project/\(projectID)")
        return NoBody()
    }

    /// Back to designed runs: the project's next run designs the linkage from its spec and the data.
    api.on(API.clearLinkConfig) { req in
        let (c, p, projectID) = try await req.projectActor([.analyst], "linkage.config.clear")
        guard !p.linkConfig.isEmpty else { throw Abort(.notFound, reason: "the project has no linkage configuration to remove") }
        p.linkConfig = ""
        try await p.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "linkage.config.clear", object: "project/\(projectID)")
        return NoBody()
    }

    api.on(API.linkConfig) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        guard !p.linkConfig.isEmpty else { throw Abort(.notFound, reason: "the project has no linkage configuration yet") }
        return JSONDocument(text: p.linkConfig)
    }

    /// Queues a run over the current version of every dataset the configuration names — or, when the project has no
    /// configuration, of every dataset of its spec that has one, with the linkage designed from the spec.
    api.on(API.startRun) { req in
        let (c, p, projectID) = try await req.projectActor([.analyst], "linkage.start")
        let names: [String], jobConfig: String, designed = p.linkConfig.isEmpty
        if designed {
            guard let spec = try p.registeredSpec() else { throw Abort(.conflict, reason: "register the project's linkage spec first") }
            names = spec.datasets.map(\.name)
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys]
            jobConfig = String(decoding: try e.encode(DesignedLinkage(spec: spec)), as: UTF8.self)
        } else {
            guard let config = try? LinkConfig.load(data: Data(p.linkConfig.utf8), file: "the configuration") else {
                throw Abort(.conflict, reason: "the project's linkage configuration no longer reads; set it again (\(API.setLinkConfig.key))")
            }
            names = config.datasets.map(\.name)
            jobConfig = p.linkConfig
        }
        var inputs: [RunInput] = []
        for name in names {
            guard let ds = try await Dataset.query(on: req.db).filter(\.$projectID == projectID).filter(\.$name == name).first(),
                  let v = try await DatasetVersion.query(on: req.db).filter(\.$datasetID == ds.requireID())
                    .filter(\.$status == VersionStatus.current).first() else {
                if designed { continue }   // a designed run links the datasets that have arrived
                throw Abort(.conflict, reason: "dataset '\(name)' has no current version yet")
            }
            inputs.append(RunInput(dataset: name, version: try v.requireID(), number: v.number, contentSHA256: v.contentSHA256))
        }
        guard !inputs.isEmpty else { throw Abort(.conflict, reason: "no dataset of the project's spec has a current version yet") }
        try await req.govern(.linkageRun, project: projectID, datasets: Set(inputs.map(\.dataset)), c)
        // The same run already waiting (same configuration, same versions) is that run, not another; and a project
        // has at most a few runs waiting at once, so a loop or a held-down button cannot fill the workers' queue.
        let active = try await LinkageJob.query(on: req.db).filter(\.$projectID == projectID)
            .filter(\.$status ~~ [RunStatus.queued, RunStatus.running]).sort(\.$createdAt).all()
        if let same = active.first(where: { $0.config == jobConfig && (try? JSONDecoder().decode([RunInput].self, from: Data($0.inputs.utf8))) == inputs }) {
            return try await req.runOut(same, withReport: false)
        }
        guard active.count < LinkageJob.activeLimit else {
            throw Abort(.tooManyRequests, headers: ["Retry-After": "60"],
                        reason: "this project already has \(active.count) linkage runs waiting or running; wait for one to finish or cancel one")
        }
        try await ensurePlatformKey(req, project: p)
        let j = LinkageJob()
        j.projectID = projectID; j.requestedBy = c.userID; j.status = RunStatus.queued; j.progress = "queued"; j.worker = ""
        j.attempts = 0; j.config = jobConfig; j.inputs = String(decoding: try JSONEncoder().encode(inputs), as: UTF8.self)
        j.report = ""; j.error = ""; j.createdAt = req.now
        try await j.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "linkage.start", object: "linkage-run/\(try j.requireID())")
        req.application.linkageWake()
        return try await req.runOut(j, withReport: false)
    }

    api.on(API.runs) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        var out: [RunOut] = []
        for j in try await LinkageJob.query(on: req.db).filter(\.$projectID == p.requireID()).sort(\.$createdAt, .descending).all() {
            out.append(try await req.runOut(j, withReport: false))
        }
        return out
    }

    api.on(API.run) { req in
        let c = try await req.caller()
        let j = try await req.runWithAccess(c)
        req.auditRead(c, organisation: c.organisation, action: "linkage.read", object: "linkage-run/\(try j.requireID())")
        return try await req.runOut(j, withReport: true)
    }

    api.on(API.cancelRun) { req in
        let c = try await req.caller()
        let j = try await req.runWithAccess(c)
        try await req.requireProjectRole(c, project: j.projectID, [.analyst], "linkage.cancel")
        guard j.status.allows(.cancelled) else {
            throw Abort(.conflict, reason: "the run is \(j.status); only a queued or running run can be cancelled")
        }
        j.status = RunStatus.cancelled; j.finishedAt = req.now; j.progress = "cancelled"
        try await j.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "linkage.cancel", object: "linkage-run/\(try j.requireID())")
        return try await req.runOut(j, withReport: false)
    }
    reviewRoutes(api)
}

/// Makes the project's platform key once; a conditional update settles two first uses at once.
func ensurePlatformKey(_ req: Request, project p: Project) async throws {
    guard p.platformKey.isEmpty else { return }
    let id = try p.requireID()
    let (_, wrapped) = try req.platform.masterKey.newDataKey(context: .project(id))
    try await Project.query(on: req.db).filter(\.$id == id).filter(\.$platformKey == "").set(\.$platformKey, to: wrapped).update()
}
