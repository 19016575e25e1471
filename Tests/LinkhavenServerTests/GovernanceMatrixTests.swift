import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The agreement governs every action: every state-changing route of the OpenAPI document (and the
/// reads that move data) × every agreement status, over HTTP, against `GovernancePolicy`'s table.
@Suite("Governance: action × agreement status", .serialized)
struct GovernanceMatrixTests {
    /// The statuses an agreement can be in, as the table sees them.
    static let statuses: [GoverningStatus] = [.draft, .forApproval, .notInForce, .approved, .suspended, .expired, .ended]

    /// Puts the project's agreement into `status` directly (the transitions are tested through the API elsewhere).
    static func set(_ status: GoverningStatus, agreement id: UUID, h: Harness, clause: Bool = true) async throws {
        let a = try #require(try await Agreement.find(id, on: h.app.db))
        var doc = try #require(a.decodedDocument)
        doc.inForceFrom = status == .notInForce ? CalendarDate(daysSinceEpoch: CalendarDate.today(h.clock.now) + 3).description : nil
        doc.publishedOutputsStayAvailable = clause
        a.document = String(decoding: try JSONEncoder().encode(doc), as: UTF8.self)
        a.status = try #require(AgreementStatus(rawValue: (status == .notInForce ? GoverningStatus.approved : status).rawValue))
        try await a.save(on: h.app.db)
    }

    /// The `agreement` member of a problem body, if the reply is a refusal by the agreement.
    static func refusal(_ r: APIReply) -> AgreementRefusal.Detail? {
        struct Body: Decodable { var agreement: AgreementRefusal.Detail? }
        return (try? r.json(Body.self))?.agreement
    }

    @Test func everyStateChangingRouteEveryStatus() async throws {
        try await Harness.run(configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h)
            let analyst = f.county[.analyst]!
            let agreement = try #require(try await Agreement.query(on: h.app.db).filter(\.$project.$id == UUID(uuidString: f.project)!).first()).requireID()
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            let run = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst)
            #expect(run.status == .succeeded, "\(run.error ?? run.progress)")
            let crosstab: [String: Any] = ["kind": "crosstab", "title": "Readiness by area", "population": [["variable": "in:school_readiness", "op": "=", "value": "Y"]],
                                           "rows": "school_readiness.small_area", "columns": "school_readiness.school_ready"]
            let cohort: [String: Any] = ["kind": "cohort", "title": "Children", "population": [["variable": "in:school_readiness", "op": "=", "value": "Y"]]]
            let output = try await h.client.expect(OutputOut.self, .POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": crosstab])
            let cohortOut = try await h.client.expect(OutputOut.self, .POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": cohort])
            // Outputs in the states the release routes act on (the release flow itself is tested elsewhere).
            let requested = try await h.client.expect(OutputOut.self, .POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": crosstab])
            for (id, status) in [(requested.id, OutputStatus.requested), (output.id, .published), (cohortOut.id, .released)] {
                let o = try #require(try await AnalysisOutput.find(id, on: h.app.db)); o.status = status; try await o.save(on: h.app.db)
            }
            struct Made: Decodable { var token: String?; var id: UUID }
            let cohortToken = try await h.client.expect(Made.self, .POST, "api/v1/tokens", token: f.police[.provider]!,
                                                        json: ["name": "cohorts", "actions": ["download-cohort"], "expiresInDays": 7]).token!
            let datasets = try await h.client.expect([DatasetOut].self, .GET, "api/v1/projects/\(f.project)/datasets", token: f.county[.orgAdmin]!)
            let housing = try #require(datasets.first { $0.name == "housing" }), police = try #require(datasets.first { $0.name == "police" })
            struct Request: Decodable { var id: UUID }
            let audit = try await h.client.expect(Request.self, .POST, "api/v1/datasets/\(housing.id)/audit-requests", token: f.county[.orgAdmin]!,
                                                  json: ["reason": "assurance of the pseudonymisation"])
            let (bytes, manifest) = try f.variant("housing") { $0.removeLast() }
            let announce = try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: manifest))
            let upload = try await h.client.expect(UploadOut.self, .POST, "api/v1/uploads", token: f.boroughUpload, raw: announce)
            let pair = UUID()

            typealias Call = () async throws -> APIReply
            let recipes: [String: Call] = [
                "POST /api/v1/uploads": { try await h.call(.POST, "api/v1/uploads", token: f.boroughUpload, raw: announce) },
                "PUT /api/v1/uploads/{id}/content": {
                    try await h.client.call(.PUT, "api/v1/uploads/\(upload.id)/content", token: f.boroughUpload, bytes: Data("x".utf8), headers: [("Upload-Offset", "999999")])
                },
                "POST /api/v1/uploads/{id}/complete": { try await h.call(.POST, "api/v1/uploads/\(upload.id)/complete", token: f.boroughUpload) },
                "POST /api/v1/projects/{id}/runs": { try await h.call(.POST, "api/v1/projects/\(f.project)/runs", token: analyst) },
                "PUT /api/v1/runs/{run}/review/{pair}": { try await h.call(.PUT, "api/v1/runs/\(run.id)/review/\(pair)", token: analyst, json: ["isMatch": true]) },
                "POST /api/v1/projects/{id}/analyses": { try await h.call(.POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": crosstab]) },
                "POST /api/v1/outputs/{output}/rerun": { try await h.call(.POST, "api/v1/outputs/\(output.id)/rerun", token: analyst) },
                "POST /api/v1/outputs/{output}/request-release": { try await h.call(.POST, "api/v1/outputs/\(output.id)/request-release", token: analyst) },
                "POST /api/v1/outputs/{output}/review": { try await h.call(.POST, "api/v1/outputs/\(requested.id)/review", token: f.borough[.analyst]!, json: ["approve": false]) },
                "POST /api/v1/outputs/{output}/owner-approval": {
                    try await h.call(.POST, "api/v1/outputs/\(requested.id)/owner-approval", token: f.county[.provider]!, json: ["approve": false])
                },
                "POST /api/v1/outputs/{output}/publish": { try await h.call(.POST, "api/v1/outputs/\(cohortOut.id)/publish", token: analyst) },
                "GET /api/v1/outputs/{output}/tokens": { try await h.call(.GET, "api/v1/outputs/\(cohortOut.id)/tokens", token: cohortToken) },
                "GET /api/v1/open/outputs/{output}/csv": { try await h.call(.GET, "api/v1/open/outputs/\(output.id)/csv") },
                "GET /api/v1/open/outputs/{output}/json": { try await h.call(.GET, "api/v1/open/outputs/\(output.id)/json") },
                "GET /api/v1/open/outputs/{output}/geojson": { try await h.call(.GET, "api/v1/open/outputs/\(output.id)/geojson") },
                "GET /api/v1/audit-requests/{request}/bundle": { try await h.call(.GET, "api/v1/audit-requests/\(audit.id)/bundle", token: f.county[.orgAdmin]!) },
                "POST /api/v1/datasets/{dataset}/extend": { try await h.call(.POST, "api/v1/datasets/\(housing.id)/extend", token: f.county[.orgAdmin]!) },
                "POST /api/v1/projects/{id}/members": { try await h.call(.POST, "api/v1/projects/\(f.project)/members", token: f.county[.orgAdmin]!, json: ["user": UUID().uuidString, "role": "reviewer"]) },
                "DELETE /api/v1/projects/{id}/members/{user}": {
                    try await h.call(.DELETE, "api/v1/projects/\(f.project)/members/\(UUID())", token: f.county[.orgAdmin]!, json: ["reason": "r"])
                },
                "PUT /api/v1/projects/{id}/assessment": { try await h.call(.PUT, "api/v1/projects/\(f.project)/assessment", token: f.county[.orgAdmin]!, json: ["benefits": ""]) },
                "POST /api/v1/projects/{id}/agreements": { try await h.call(.POST, "api/v1/projects/\(f.project)/agreements", token: f.county[.orgAdmin]!, json: ["parties": []]) },
                "PUT /api/v1/agreements/{id}": { try await h.call(.PUT, "api/v1/agreements/\(agreement)", token: f.county[.orgAdmin]!, json: ["format": "x"]) },
                // Each step of the agreement's lifecycle, by someone who may not take it (refused as such, never by the status).
                "POST /api/v1/agreements/{id}/submit": { try await h.call(.POST, "api/v1/agreements/\(agreement)/submit", token: f.police[.analyst]!) },
                "POST /api/v1/agreements/{id}/sign": { try await h.call(.POST, "api/v1/agreements/\(agreement)/sign", token: f.police[.analyst]!) },
                "POST /api/v1/agreements/{id}/approve": { try await h.call(.POST, "api/v1/agreements/\(agreement)/approve", token: f.police[.analyst]!) },
                "POST /api/v1/agreements/{id}/suspend": {
                    try await h.call(.POST, "api/v1/agreements/\(agreement)/suspend", token: f.police[.analyst]!, json: ["reason": "x"])
                },
                "POST /api/v1/agreements/{id}/resume": {
                    try await h.call(.POST, "api/v1/agreements/\(agreement)/resume", token: f.police[.analyst]!, json: ["reason": "x"])
                },
                "PUT /api/v1/projects/{id}/publication": {
                    try await h.call(.PUT, "api/v1/projects/\(f.project)/publication", token: f.county[.orgAdmin]!, json: ["summary": "Earlier help", "contact": "IG team"])
                },
                "PUT /api/v1/projects/{id}/catalogue/{dataset}": {
                    try await h.call(.PUT, "api/v1/projects/\(f.project)/catalogue/police", token: f.police[.provider]!,
                                     json: ["description": "Police contacts", "coverageArea": "Essex", "updateFrequency": "monthly", "definitions": [:] as [String: String]])
                },
                "POST /api/v1/projects/{id}/publication/approve": {
                    try await h.call(.POST, "api/v1/projects/\(f.project)/publication/approve", token: f.police[.analyst]!)
                },
                "POST /api/v1/agreements/{id}/end": {
                    try await h.call(.POST, "api/v1/agreements/\(agreement)/end", token: f.police[.analyst]!, json: ["reason": "x"])
                },
                "PUT /api/v1/agreements/{id}/realisation": {
                    try await h.call(.PUT, "api/v1/agreements/\(agreement)/realisation", token: f.county[.orgAdmin]!, json: ["benefits": []])
                },
                "POST /api/v1/agreements/{id}/parties": {
                    try await h.call(.POST, "api/v1/agreements/\(agreement)/parties", token: f.county[.orgAdmin]!, json: ["organisation": f.boroughOrg])
                },
                "PUT /api/v1/projects/{id}/linkage": { try await h.call(.PUT, "api/v1/projects/\(f.project)/linkage", token: f.county[.orgAdmin]!, raw: "{}") },
                "PUT /api/v1/projects/{id}/boundaries": { try await h.call(.PUT, "api/v1/projects/\(f.project)/boundaries", token: analyst, raw: "{}") },
                "PUT /api/v1/projects/{id}/link-config": { try await h.call(.PUT, "api/v1/projects/\(f.project)/link-config", token: analyst, raw: "{}") },
                "DELETE /api/v1/projects/{id}/link-config": { try await h.call(.DELETE, "api/v1/projects/\(f.project)/link-config", token: analyst) },
                "POST /api/v1/runs/{run}/cancel": { try await h.call(.POST, "api/v1/runs/\(run.id)/cancel", token: analyst) },
                "POST /api/v1/datasets/{dataset}/quality-issues": {
                    try await h.call(.POST, "api/v1/datasets/\(housing.id)/quality-issues", token: analyst, json: ["description": ""])
                },
                "POST /api/v1/datasets/{dataset}/quality-issues/{issue}/resolve": {
                    try await h.call(.POST, "api/v1/datasets/\(housing.id)/quality-issues/\(UUID())/resolve", token: f.borough[.provider]!, json: ["version": 1])
                },
                "POST /api/v1/datasets/{dataset}/audit-requests": {
                    try await h.call(.POST, "api/v1/datasets/\(housing.id)/audit-requests", token: f.police[.orgAdmin]!, json: ["reason": ""])
                },
                // An approval without its assessment and procedure (refused as it stands), and a decline (then already decided).
                "POST /api/v1/audit-requests/{request}/approve": { try await h.call(.POST, "api/v1/audit-requests/\(audit.id)/approve", token: f.borough[.orgAdmin]!, json: [:]) },
                "POST /api/v1/audit-requests/{request}/decline": { try await h.call(.POST, "api/v1/audit-requests/\(audit.id)/decline", token: f.borough[.orgAdmin]!) },
                "PUT /api/v1/incidents/{incident}": { try await h.call(.PUT, "api/v1/incidents/\(UUID())", token: f.borough[.orgAdmin]!, json: [:]) },
                // Incidents are recorded and followed up whatever the agreement's status (an incomplete record is refused as it stands).
                "POST /api/v1/incidents": { try await h.call(.POST, "api/v1/incidents", token: f.police[.orgAdmin]!, json: ["project": f.project]) },
                "POST /api/v1/incidents/{incident}/timeline": {
                    try await h.call(.POST, "api/v1/incidents/\(UUID())/timeline", token: f.police[.orgAdmin]!, json: ["kind": "note", "text": "x"])
                },
                "POST /api/v1/incidents/{incident}/views": {
                    try await h.call(.POST, "api/v1/incidents/\(UUID())/views", token: f.police[.orgAdmin]!, json: ["report": false, "reason": "x"])
                },
                "POST /api/v1/incidents/{incident}/decision": {
                    try await h.call(.POST, "api/v1/incidents/\(UUID())/decision", token: f.police[.orgAdmin]!, json: ["report": false, "reason": "x"])
                },
                // Destruction last: it is allowed whatever the status, and it takes the police dataset away.
                "POST /api/v1/retention/sweep": { try await h.call(.POST, "api/v1/retention/sweep", token: f.operatorToken) },
                "POST /api/v1/datasets/{dataset}/versions/{n}/retract": {
                    try await h.call(.POST, "api/v1/datasets/\(police.id)/versions/1/retract", token: f.police[.provider]!)
                },
                "POST /api/v1/datasets/{dataset}/destroy": { try await h.call(.POST, "api/v1/datasets/\(police.id)/destroy", token: f.police[.provider]!) },
            ]

            // Every state-changing route of the document is in the table; every project-data route has a recipe here.
            let documented = API.operations.map { "\($0.method.rawValue.uppercased()) \($0.path)" }
            for route in documented where !route.hasPrefix("GET ") || GovernancePolicy.routes[route] != nil {
                guard let entry = GovernancePolicy.routes[route] else { Issue.record("\(route) is not in GovernancePolicy.routes"); continue }
                if entry != nil, recipes[route] == nil { Issue.record("\(route) has no call in this test") }
            }
            let destructive = ["POST /api/v1/retention/sweep", "POST /api/v1/datasets/{dataset}/versions/{n}/retract", "POST /api/v1/datasets/{dataset}/destroy"]
            let order = recipes.keys.filter { !destructive.contains($0) }.sorted() + destructive
            var refused = 0
            for route in order {
                let action = try #require(GovernancePolicy.routes[route] ?? nil, "\(route) is governed")
                for status in Self.statuses {
                    try await Self.set(status, agreement: agreement, h: h)
                    // Each call finds the outputs as the walk began (an allowed decision may have moved them on).
                    try await ReleaseDecision.query(on: h.app.db).filter(\.$outputID == requested.id).delete()
                    for (id, s) in [(requested.id, OutputStatus.requested), (cohortOut.id, .released)] {
                        try await AnalysisOutput.query(on: h.app.db).filter(\.$id == id).set(\.$status, to: s).update()
                    }
                    let reply = try await recipes[route]!()
                    let expected = GovernancePolicy.permission(action, status)
                    let got = Self.refusal(reply)
                    if expected == .refused {
                        refused += 1
                        #expect(reply.status == .conflict && got?.status == status.rawValue && got?.action == action.rawValue,
                                "\(route) under \(status.rawValue): expected a refusal, got \(reply.status.code) \(reply.error)")
                        #expect(reply.error.contains("'Information Sharing Protocol: school readiness in Vange' is \(status.rawValue)"), "\(reply.error)")
                    } else {
                        #expect(got == nil && reply.status.code < 500, "\(route) under \(status.rawValue): expected no refusal by the agreement, got \(reply.status.code) \(reply.error)")
                    }
                }
            }
            #expect(refused > 50)
            // Refusals are audited.
            let audited = try await AuditEventModel.query(on: h.app.db).filter(\.$action == "policy.analysis").all()
            #expect(audited.count == Self.statuses.count * 2 - 2 && audited.allSatisfy { $0.outcome.hasPrefix("refused: ") })
        }
    }
}
