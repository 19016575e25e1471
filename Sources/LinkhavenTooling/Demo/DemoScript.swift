import Fluent
import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

/// The demo's steps, over HTTP as the partnership's people would take them, with timings.
struct DemoScript {
    let app: Application
    let client: APIClient
    let provider: String
    let households: Int
    let say: @Sendable (String) -> Void

    func run() async throws {
        let clock = ContinuousClock(), started = clock.now
        var timings: [(String, Duration)] = []
        func step<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
            say("• \(name)…")
            let t = clock.now
            let r = try await body()
            timings.append((name, clock.now - t))
            return r
        }
        let p = try await step("Generating \(households) synthetic households, pseudonymising the six datasets at source, and setting up the partnership") {
            try await DemoPartnership.make(app: app, client: client, directory: provider, households: households)
        }
        var rows = 0
        try await step("Uploading the six pseudonymised datasets over HTTP") {
            for name in p.manifests.keys.sorted() {
                let (bytes, m) = try p.file(name)
                let u = try await client.upload(project: p.project, token: p.uploadToken(for: name), bytes: bytes, manifest: m, parts: 4)
                guard u.status == .accepted else { throw APIClientError("\(name) was not accepted: \(u.problems.map(\.reason))") }
                rows += m.rows.written
                say("    \(name): \(m.rows.written) rows, accepted as version \(u.version ?? 0)")
            }
        }
        let breach = try await step("Uploading a file with one surname pasted into one cell of its tenure column (the breach guard must refuse it)") {
            let header = try CSVReader(path: provider + "/housing.pseudo.csv").next()!.fields
            let (bad, m) = try p.variant("housing") { rows in rows[7][header.firstIndex(of: "tenure")!] = "Okonkwo" }
            return try await client.upload(project: p.project, token: p.boroughUpload, bytes: bad, manifest: m)
        }
        guard breach.status == .breach else { throw APIClientError("the leaked file was not caught: \(breach.status)") }
        say("    rejected and deleted; incident \(breach.incident!) opened: \(breach.problems.map(\.reason).joined(separator: "; "))")
        let dropBox = try await step("The SFTP drop-box: the police register their nightly job's key; its file is ingested and receipted") {
            try await self.dropBox(p)
        }
        let run = try await step("Running linkage into persons and households, designed by the engine from the spec (no configuration)") {
            let r = try await linkage(p)
            if let d = r.report?.design {
                let rules = d.rules.filter(\.chosen).map { $0.columns.joined(separator: " & ") }.joined(separator: ", ")
                say("    designed: blocking on \(rules) (estimated recall \(String(format: "%.1f%%", (d.blockingRecall ?? 0) * 100))), links from probability \(String(format: "%.3f", d.config.thresholds?.match ?? 0))")
            }
            return r
        }
        let score = try await DemoEvaluation.score(app: app, run: run.id, partnership: p)
        let (crosstab, regression) = try await step("The school readiness analysis: a table by area, a regression, disclosure checks, release") {
            try await analyseAndRelease(p)
        }
        let held = try await step("The agreement holds: suspended with a reason, actions refused, resumed") { try await suspendAndResume(p) }
        let storm = try await step("The lockout holds: 50 simultaneous wrong passwords for one account") { try await signInStorm(p) }
        let incident = try await step("An incident recorded by the police: partners told, consulted on reporting, closed") { try await incidentToClosure(p) }
        let (grows, trust) = try await step("The partnership grows: a voluntary organisation admitted, signing the declaration and the agreement, uploading") {
            try await partnershipGrows(p)
        }
        let correction = try await step("A correction: housing sent again, linked again, and the first version retracted with all it fed") {
            try await correctAndRetract(p)
        }
        let (resilience, owners) = try await step("The resilience view: people known to several services by small area, released by every provider, mapped") {
            try await resilienceView(p, joined: [trust])
        }
        let catalogue = try await describeCatalogue(p, joined: [trust])
        let approvedBy = try await publishSummary(p, joined: [trust])
        let register = try await client.call(API.publicRegister, token: nil)
        let health = try await client.call(API.healthReady, token: nil)
        let metrics = try await metricsLine()
        let backup = try await backupLine()
        let listed = register.partnerships.flatMap(\.projects)
        let registerLine = "\(register.partnerships.count) partnership, \(listed.count) project, \(listed.flatMap(\.sharing).count) datasets shared by "
            + "\(Set(listed.flatMap(\.sharing).map(\.organisation)).count) organisations, \(listed.flatMap(\.outputs).count) published output(s), "
            + "\(listed.flatMap(\.incidents).count) incident(s) reported to the ICO, its summary approved by \(approvedBy) parties — no sign-in: \(client.base ?? "")/register"
        let report = run.report!
        let suppressed = crosstab.result.table.map { $0.cells.joined().filter { $0.value == nil }.count } ?? 0
        let total = clock.now - started
        var summary = """

            Linkhaven demo: what happened
              Partnership: Essex County Council, Basildon Borough Council, Essex Police, Anglia Ruskin University; later Basildon Recovery Trust
              Agreement: drafted, assessed (no red lines open), signed by all four parties, approved
              Suspended and resumed: \(held.refused) of 2 actions refused while suspended: "\(held.said)"
              Sign-in storm: 50 wrong passwords at once for one analyst: \(storm.unauthorized) checked and refused, \(storm.locked) refused unchecked (locked); their admin restored access
              Datasets: 6 uploaded, \(rows) records, pseudonymised at source (keys in \(provider), never on the platform)
              SFTP drop-box: \(dropBox)
              Breach guard: 1 leaked file refused and deleted (one surname in one cell of an agreed code list); incident \(breach.incident!) opened for the borough
              Linkage: \(report.records) records, \(report.links) links, \(report.persons) persons, \(report.households) households
              Accuracy against the synthetic truth (persons): precision \(pct(score.precision)), recall \(pct(score.recall)), F1 \(pct(score.f1))
              School readiness by area: \(crosstab.status); \(suppressed) cells suppressed; check report of \(crosstab.result.findings.count) findings
              Regression of readiness on household risk: \(regressionLine(regression))
              Incident: \(incident)
              Partnership grows: \(grows)
              Correction: \(correction)
              Transparency register: \(registerLine)
              Data catalogue: \(catalogue.datasets) datasets described by their holders, \(catalogue.definitions) field definitions — members: \(client.base ?? "")/catalogue; \
            DCAT for anyone: \(client.base ?? "")\(API.publicCatalogue.target([]))
              Resilience view: \(resilienceLine(resilience, owners: owners))
              Health: \(client.base ?? "")/health/ready says \(health.status) (\(health.checks.map { "\($0.name): \($0.detail)" }.joined(separator: "; ")))
              Metrics: \(metrics)
              Backup: \(backup)
              Open data: \(client.base ?? "")\(API.openOutputCSV.target([crosstab.id.uuidString]))
              Timings:
            """
        for (name, d) in timings { summary += String(format: "\n    %6.1f s  ", d.seconds) + name }
        summary += String(format: "\n    %6.1f s  in all (excluding compilation)\n", total.seconds)
        try summary.write(toFile: provider + "/summary.txt", atomically: true, encoding: .utf8)
        try DemoUsers.save(p, joined: [trust], provider: provider)
    }

    /// A crosstab released by two reviewers and the data owner and published; a regression checked.
    func analyseAndRelease(_ p: DemoPartnership) async throws -> (OutputOut, Result<OutputOut, APIClientError>) {
        let analyst = p.county.tokens[.analyst]!
        let children = Condition(variable: "in:school_readiness", op: "=", value: "Y")
        func analyse(_ d: AnalysisDefinition) async throws -> OutputOut {
            try await client.call(API.runAnalysis, p.project, body: AnalysisIn(definition: d), token: analyst)
        }
        let table = try await analyse(AnalysisDefinition(kind: "crosstab", title: "School readiness by area", population: [children],
                                                         rows: "school_readiness.small_area", columns: "school_readiness.school_ready"))
        let regression: Result<OutputOut, APIClientError>
        do { regression = .success(try await analyse(AnalysisDefinition(
                kind: "regression", title: "School readiness and household risk factors", population: [children],
                outcome: Condition(variable: "school_readiness.school_ready", op: "=", value: "Y"),
                // Household factors common enough that no predictor × outcome cell falls below 10 children
                // (social care or drug treatment, in a town this size, would withhold the model).
                predictors: [Condition(variable: "hh:police", op: "=", value: "Y", name: "police contact"),
                             Condition(variable: "hh:housing.household_arrears", op: ">=", value: "100", name: "rent arrears"),
                             Condition(variable: "hh:housing.social_housing", op: "=", value: "Y", name: "social housing")])))
        } catch let e as APIClientError { regression = .failure(e) }   // a small town may leave a category empty
        let output = table.id.uuidString
        _ = try await client.call(API.requestRelease, output, token: analyst)
        _ = try await client.call(API.reviewOutput, output, body: ReleaseDecisionIn(approve: true, note: "Rounded and suppressed as agreed"),
                                  token: p.borough.tokens[.analyst]!)
        _ = try await client.call(API.reviewOutput, output, body: ReleaseDecisionIn(approve: true, note: "No cell below 10"), token: p.county.tokens[.reviewer]!)
        _ = try await client.call(API.approveAsOwner, output, body: ReleaseDecisionIn(approve: true, note: "Approved for publication"),
                                  token: p.county.tokens[.provider]!)
        _ = try await client.call(API.publishOutput, output, token: analyst)
        return (try await client.call(API.output, output, token: analyst), regression)
    }

    /// How many people the published view counts as known to two or more services, over how many areas.
    func resilienceLine(_ o: OutputOut, owners: Int) -> String {
        guard let t = o.result.table else { return "withheld by the disclosure check" }
        let totals = t.cells[t.rows.count], total = totals[t.columns.count].value
        let one = t.columns.firstIndex(of: "1").flatMap { totals[$0].value }
        let several = zip(t.columns, totals).filter { $0.0 != "1" }.map(\.1.value)
        let count = several.allSatisfy { $0 != nil } ? several.compactMap { $0 }.reduce(0, +) : total.flatMap { t in one.map { t - $0 } }
        return "\(count.map(String.init) ?? "a suppressed number of") of \(total.map(String.init) ?? "?") people known to 2 or more services, "
            + "\(t.rows.filter { !$0.isEmpty }.count) small areas, released by \(owners) data owners, \(o.status.rawValue) with its map: "
            + "\(client.base ?? "")/register/outputs/\(o.id)"
    }

    func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    func regressionLine(_ r: Result<OutputOut, APIClientError>) -> String {
        switch r {
        case .success(let o):
            guard let m = o.result.model, !o.result.withheld else { return "withheld by the disclosure check" }
            return "odds ratios " + m.terms.dropFirst().map { "\($0.name) \($0.oddsRatio.map { String(format: "%.2f", $0) } ?? "not estimable")" }.joined(separator: ", ")
        case .failure(let e): return "not fitted (\(e.reason))"
        }
    }
}

