import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Runs linkage jobs claimed from the database. Any number of workers, in the server process or
/// in `linkhaven-server worker` processes on other hosts sharing one PostgreSQL, claim queued runs
/// one at a time; a running run whose worker stops beating is claimed again and restarted from
/// the beginning, its partial results discarded.
public struct LinkageWorker: Sendable {
    let app: Application
    /// Who this worker is, in the run's record: host and process.
    let name: String
    var db: any Database { app.backgroundDB }
    var platform: Platform { app.platform }
    var now: Date { platform.config.now() }

    init(app: Application) {
        self.app = app
        name = "\(ProcessInfo.processInfo.hostName):\(getpid())"
    }

    /// Claims the oldest queued run, or a running one whose heartbeat is older than the stale limit.
    /// A conditional update decides between workers racing for the same run.
    func claimNext() async throws -> LinkageJob? {
        let stale = now.addingTimeInterval(-platform.config.workerStaleAfter)
        // Claimable: queued, or running with a heartbeat older than the stale limit.
        func claimable(_ q: QueryBuilder<LinkageJob>) -> QueryBuilder<LinkageJob> {
            q.group(.or) { g in
                g.filter(\.$status == RunStatus.queued)
                g.group(.and) { $0.filter(\.$status == RunStatus.running).filter(\.$heartbeatAt < stale) }
            }
        }
        let candidates = try await claimable(LinkageJob.query(on: db)).sort(\.$createdAt).limit(5).all()
        for candidate in candidates {
            let id = try candidate.requireID(), claim = UUID()
            try await claimable(LinkageJob.query(on: db).filter(\.$id == id)).set(\.$status, to: RunStatus.running).set(\.$claim, to: claim).set(\.$worker, to: name)
                .set(\.$heartbeatAt, to: now).set(\.$attempts, to: candidate.attempts + 1).set(\.$startedAt, to: now)
                .set(\.$progress, to: candidate.attempts == 0 ? "claimed" : "claimed again after a worker stopped; restarting")
                .update()
            if let mine = try await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$claim == claim).first() {
                if candidate.attempts == 0 { platform.metrics.linkageRunClaimed(waited: now.timeIntervalSince(candidate.createdAt)) }
                try await platform.audit.record(on: db, at: now, actor: "worker/\(name)", organisation: nil, action: "linkage.claim",
                                                object: "linkage-run/\(id)")
                app.logger.info("linkage run claimed", metadata: ["run": "\(id)", "attempt": "\(candidate.attempts + 1)"])
                return mine
            }
        }
        return nil
    }

    /// The `linkhaven-server worker` process: one worker loop until cancelled.
    public static func standalone(_ app: Application) async {
        await LinkageWorker(app: app).loop()
    }

    /// Claims and runs jobs until cancelled, polling every `idle` when there is nothing to do.
    func loop(idle: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do {
                if let job = try await claimNext() { await run(job) } else { try await nap(idle) }
            } catch is CancellationError {
                return
            } catch {
                app.logger.report(error: error)
                try? await Task.sleep(for: idle)
            }
        }
    }

    /// Sleeps up to `idle`, waking early when this process queues a run.
    func nap(_ idle: Duration) async throws {
        let seen = platform.linkageWakeup.current, step = Duration.milliseconds(50)
        var slept = Duration.zero
        while slept < idle, platform.linkageWakeup.current == seen {
            try await Task.sleep(for: step)
            slept += step
        }
    }

    /// Runs one claimed job, beating its heartbeat (and copying its progress) while the engine works.
    func run(_ job: LinkageJob) async {
        let id = job.id!, claim = job.claim!
        let progress = RunProgress()
        let beat = Task {
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: .seconds(platform.config.workerHeartbeat))) != nil else { return }
                if (try? await stopIfRefused(job, claim: claim)) == true { return }
                try? await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$claim == claim).filter(\.$status == RunStatus.running)
                    .set(\.$heartbeatAt, to: now).set(\.$progress, to: progress.text).update()
            }
        }
        let started = ContinuousClock.now
        await work(job, progress: progress)
        await countEnd(id, claim: claim, worked: ContinuousClock.now - started)
        beat.cancel()
        await beat.value   // no heartbeat outlives the run (nor the database, at shutdown)
    }

    private func work(_ job: LinkageJob, progress: RunProgress) async {
        let id = job.id!, claim = job.claim!
        do {
            if job.attempts > 3 { throw RunFailure("the run was started \(job.attempts - 1) times and its worker stopped each time") }
            if try await stopIfRefused(job, claim: claim) { return }
            let result = try await execute(job, progress: progress)
            if try await stopIfRefused(job, claim: claim) { return }
            try await store(result, job: job, claim: claim, progress: progress)
        } catch {
            let reason = (error as? RunFailure)?.reason ?? "the linkage engine stopped: \(error)"
            try? await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$claim == claim)
                .set(\.$status, to: RunStatus.failed).set(\.$error, to: reason).set(\.$finishedAt, to: now)
                .set(\.$progress, to: "failed").update()
            try? await platform.audit.record(on: db, at: now, actor: "worker/\(name)", organisation: nil, action: "linkage.fail",
                                             object: "linkage-run/\(id)", outcome: "failed")
        }
    }
}

extension LinkageWorker {
    /// A checkpoint: if the project's agreement no longer allows linkage of the run's datasets, the run
    /// stops (cancelled, with the refusal as its error) and keeps its audit trail; whether it stopped.
    func stopIfRefused(_ job: LinkageJob, claim: UUID) async throws -> Bool {
        let id = try job.requireID()
        guard try await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$claim == claim).first()?.status == RunStatus.running,
              let refusal = try await ProjectGovernance.refusal(on: db, project: job.projectID, .linkageRun,
                                                                datasets: Set(job.inputDatasets), now: now) else { return false }
        try await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$claim == claim).filter(\.$status == RunStatus.running)
            .set(\.$status, to: RunStatus.cancelled).set(\.$error, to: "stopped: " + refusal.reason).set(\.$finishedAt, to: now)
            .set(\.$progress, to: "stopped by the agreement").update()
        try await platform.audit.record(on: db, at: now, actor: "worker/\(name)", organisation: nil, action: "linkage.stop",
                                        object: "linkage-run/\(id)", outcome: "refused: \(refusal.agreementStatus.rawValue)")
        return true
    }
}

extension LinkageWorker {
    /// Counts how a run this worker held ended (succeeded, failed or stopped), if it did end in its hands.
    func countEnd(_ id: UUID, claim: UUID, worked: Duration) async {
        guard let job = try? await LinkageJob.query(on: db).filter(\.$id == id).filter(\.$claim == claim).first(), !job.status.isActive else { return }
        platform.metrics.linkageRunEnded(job.status, worked: worked)
        app.logger.info("linkage run ended", metadata: ["run": "\(id)", "state": "\(job.status.rawValue)", "seconds": "\(worked.seconds)"])
    }
}

/// A run that cannot go on, with a reason safe to show (no data).
struct RunFailure: Error { var reason: String; init(_ r: String) { reason = r } }

/// The engine's latest progress line, read by the heartbeat.
final class RunProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var line = "running"
    var text: String { lock.withLock { line } }
    func set(_ s: String) { lock.withLock { line = String(s.prefix(200)) } }
}
