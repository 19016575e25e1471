import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// What `GET /health/ready` looks at, each cheaply: the database answers, every migration this build knows has run,
/// the file store takes (and gives back) a sealed file, the master key wraps and unwraps a key, the key vault takes a
/// file, and linkage runs are being claimed and heard from. Each check says what it found in words that name nothing sensitive.
struct Readiness {
    let app: Application
    var db: any Database { app.db }
    var platform: Platform { app.platform }
    var now: Date { platform.config.now() }

    func checks() async -> [HealthCheck] {
        [await database(), await migrations(), store(), masterKey(), keyVault(), await workers()]
    }

    func database() async -> HealthCheck {
        do {
            _ = try await Organisation.query(on: db).limit(1).all()
            return HealthCheck(name: "database", ok: true, detail: platform.config.databaseURL == nil ? "SQLite answers" : "PostgreSQL answers")
        } catch { return HealthCheck(name: "database", ok: false, detail: "the database does not answer") }
    }

    func migrations() async -> HealthCheck {
        do {
            let applied = try await MigrationLog.query(on: db).count(), known = Migrations.all.count
            return HealthCheck(name: "migrations", ok: applied >= known, detail: "\(applied) of \(known) applied")
        } catch { return HealthCheck(name: "migrations", ok: false, detail: "the migration log cannot be read") }
    }

    /// A sealed file written, committed and removed, as a version would be.
    func store() -> HealthCheck {
        let name = "health-\(UUID().uuidString.lowercased())"
        do {
            let w = try platform.store.create(name, header: [], key: SymmetricKey(size: .bits256))
            try w.write(Array("ready".utf8))
            _ = try w.commit()
            try platform.store.remove(name)
            return HealthCheck(name: "file store", ok: true, detail: "writable")
        } catch {
            try? platform.store.remove(name)
            return HealthCheck(name: "file store", ok: false, detail: "not writable")
        }
    }

    func masterKey() -> HealthCheck {
        let id = UUID()
        let ok = (try? platform.masterKey.newDataKey(context: .upload(id))).flatMap { try? platform.masterKey.unwrap($0.1, context: .upload(id)) } != nil
        return HealthCheck(name: "master key", ok: ok, detail: ok ? "loaded" : "cannot wrap and unwrap a key")
    }

    /// The key vault is there and takes a file (a probe, hidden, removed at once): without it no version can be read or stored.
    func keyVault() -> HealthCheck {
        let probe = platform.keyVault.directory + "/.health-" + UUID().uuidString.lowercased()
        defer { unlink(probe) }
        let ok = FileManager.default.createFile(atPath: probe, contents: Data("ready".utf8), attributes: [.posixPermissions: 0o600])
        return HealthCheck(name: "key vault", ok: ok, detail: ok ? "writable" : "missing or not writable")
    }

    /// Workers in this process, or else runs claimed and heard from: a running run whose worker has been silent longer
    /// than `workerStaleAfter`, or a run queued that long with none running, means no worker is at work.
    func workers() async -> HealthCheck {
        let config = platform.config, stale = now.addingTimeInterval(-config.workerStaleAfter)
        do {
            let silent = try await LinkageJob.query(on: db).filter(\.$status == RunStatus.running).filter(\.$heartbeatAt < stale).count()
            let running = try await LinkageJob.query(on: db).filter(\.$status == RunStatus.running).count()
            let waiting = try await LinkageJob.query(on: db).filter(\.$status == RunStatus.queued).filter(\.$createdAt < stale).count()
            let inProcess = config.inProcessWorkers > 0 ? "\(config.inProcessWorkers) in this process; " : ""
            let ok = silent == 0 && (waiting == 0 || running > 0 || config.inProcessWorkers > 0)
            return HealthCheck(name: "linkage workers", ok: ok,
                               detail: inProcess + "\(running) run(s) running, \(silent) with a silent worker, \(waiting) queued over \(Int(config.workerStaleAfter)) s")
        } catch { return HealthCheck(name: "linkage workers", ok: false, detail: "the runs cannot be read") }
    }
}

func healthRoutes(_ app: Application) {
    app.on(API.healthLive) { _ in HealthOut(status: "ok", checks: []) }
    app.on(API.healthReady) { req in
        let checks = await Readiness(app: req.application).checks()
        let ok = checks.allSatisfy(\.ok)
        if !ok { req.replyStatus = .serviceUnavailable }
        return HealthOut(status: ok ? "ok" : "unavailable", checks: checks)
    }
}
