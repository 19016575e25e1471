import Fluent
import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

extension LoadBenchmark {
    /// What the mixed phase measured.
    struct Mixed {
        var seconds: Double
        var api = LatencySamples(), pages = LatencySamples(), duringStorm = LatencySamples(), parts = LatencySamples()
        var uploads = LatencySamples(), storm = LatencySamples()
        var outcomes: [IngestBenchmark.Outcome] = []
        var run: RunOut?
        var passwordsChecked = 0, stormLocked = false, stormStatuses: [UInt: Int] = [:]
        var failures: Int { api.failures + pages.failures + uploads.failures + parts.failures + (run?.status == .succeeded ? 0 : 1) }
    }

    /// Everything at once: the run, the uploads, the readers, and (two seconds in) the sign-in storm.
    static func mixedPhase(_ app: Application, _ client: APIClient, _ p: DemoPartnership, _ o: Options, jobs: [IngestBenchmark.Job],
                           say: @escaping @Sendable (String) -> Void) async throws -> Mixed {
        var m = Mixed(seconds: 0)
        let analyst = p.county.tokens[.analyst]!
        let clock = ContinuousClock(), started = clock.now
        let done = ManagedAtomicFlag(), storming = ManagedAtomicFlag()
        let queued = try await client.call(API.startRun, p.project, token: analyst)
        let (api, pages, during, parts, uploads, storm) = (m.api, m.pages, m.duringStorm, m.parts, m.uploads, m.storm)
        let readers = Task {
            await withTaskGroup(of: Void.self) { group in
                for c in 0..<o.connections {
                    group.addTask { await read(client, p, connection: c, until: done, api: api, pages: pages, duringStorm: during, storming: storming) }
                }
            }
        }
        let stormTask = Task { () -> [UInt: Int] in
            try await Task.sleep(for: .seconds(2))
            let email = p.police.credentials[.analyst]!.email
            storming.set()
            defer { storming.clear() }
            return try await withThrowingTaskGroup(of: UInt.self) { group in
                for i in 0..<o.storm {
                    group.addTask {
                        let began = clock.now
                        let r = try await client.reply(API.signIn, body: SignIn(email: email, password: "not the password \(i)", code: "000000"), token: nil)
                        storm.add(clock.now - began)
                        return r.status.code
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1, default: 0] += 1 }
            }
        }
        let checkedBefore = app.passwordsChecked
        m.outcomes = try await withThrowingTaskGroup(of: IngestBenchmark.Outcome.self) { group in
            for job in jobs {
                group.addTask {
                    let began = clock.now
                    do {
                        let r = try await client.upload(project: p.project, token: job.token, bytes: job.bytes, manifest: job.manifest,
                                                        parts: max(1, job.bytes.count / (4 << 20)), onPart: { parts.add($0) },
                                                        poll: .milliseconds(250), patience: .seconds(3600))
                        if r.status == .accepted { uploads.add(clock.now - began) } else { uploads.fail() }
                        return .init(job: job, upload: r)
                    } catch {
                        uploads.fail()
                        return .init(job: job, upload: nil, error: "\(error)")
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        say("uploads done after \(String(format: "%.1f", (clock.now - started).seconds)) s; waiting for the run")
        var run = try await client.call(API.run, queued.id.uuidString, token: analyst)
        while run.status.isActive {
            try await Task.sleep(for: .milliseconds(250))
            run = try await client.call(API.run, queued.id.uuidString, token: analyst)
        }
        m.run = run
        m.stormStatuses = try await stormTask.value
        m.passwordsChecked = app.passwordsChecked - checkedBefore
        m.stormLocked = try await app.isLocked(email: p.police.credentials[.analyst]!.email)
        done.set()
        await readers.value
        m.seconds = (clock.now - started).seconds
        return m
    }

    /// One reading connection: small API reads, a dataset list, and a web page, in turn, until `done`.
    static func read(_ client: APIClient, _ p: DemoPartnership, connection: Int, until done: ManagedAtomicFlag, api: LatencySamples,
                     pages: LatencySamples, duringStorm: LatencySamples, storming: ManagedAtomicFlag) async {
        let token = (connection % 2 == 0 ? p.county : p.borough).tokens[.analyst]!
        let clock = ContinuousClock()
        var round = 0
        while !done.isSet {
            round += 1
            let page = round % 3 == 0
            let path = page ? "app" : round % 3 == 1 ? API.me.relativeTarget([]) : API.datasets.relativeTarget([p.project])
            let began = clock.now
            let r = try? await client.call(.GET, path, token: page ? nil : token, headers: page ? [("Cookie", "\(WebContext.cookie)=\(token)")] : [])
            let took = clock.now - began
            let ok = r?.status == .ok
            let samples = page ? pages : api
            if ok { samples.add(took) } else { samples.fail() }
            if storming.isSet { if ok { duringStorm.add(took) } else { duringStorm.fail() } }
        }
    }

    /// One kind of authenticated read alone at `connections` (`GET /api/v1/me`, or the `/app` dashboard
    /// when `pages`): requests per second, and their latencies.
    static func readPhase(_ client: APIClient, _ p: DemoPartnership, connections: Int, seconds: Int, pages: Bool = false) async throws -> (Double, LatencySamples) {
        let samples = LatencySamples()
        let clock = ContinuousClock(), until = clock.now + .seconds(seconds)
        let started = clock.now
        await withTaskGroup(of: Void.self) { group in
            for c in 0..<connections {
                let token = (c % 2 == 0 ? p.county : p.borough).tokens[.analyst]!
                group.addTask {
                    while clock.now < until {
                        let began = clock.now
                        let r = try? await (pages ? client.call(.GET, "app", headers: [("Cookie", "\(WebContext.cookie)=\(token)")])
                                                  : client.call(.GET, API.me.relativeTarget([]), token: token))
                        if r?.status == .ok { samples.add(clock.now - began) } else { samples.fail() }
                    }
                }
            }
        }
        return (Double(samples.count) / (clock.now - started).seconds, samples)
    }
}
