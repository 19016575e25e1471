import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// An outsider probes a partnership it has no part in, as a penetration tester would: every user of
/// an organisation in a partnership of its own calls every operation of the OpenAPI document (so a
/// route added later is probed too) with the identifiers of the other partnership's objects, taken
/// from the database. Each answer must be the one a made-up identifier gets — same status, same
/// words — never a success, never a 5xx; and nothing the platform holds may change.
@Suite("Cross-organisation probe", .serialized)
struct CrossOrganisationProbeTests {
    static let roles: [Role] = [.orgAdmin, .signatory, .provider, .analyst, .reviewer, .auditor]

    /// Operations any signed-in user may call on another organisation's objects by design, and why.
    static let byDesign: [String: String] = [:]

    @Test func anotherPartnershipsObjectsAnswerAsIfThereWereNone() async throws {
        try await Harness.run(configure: { $0.inProcessWorkers = 1 }) { h in
            // B: the demo partnership with its data, a run, an output, a breach incident and a quality issue.
            let f = try await Self.fill(h)
            // A: an organisation with every role, in a partnership and project of its own.
            let a = try await h.organisation("Outsider Council", ico: "ZX99", roles: Self.roles, operatorToken: f.operatorToken)
            let own = try await h.call(.POST, "api/v1/partnerships", token: f.operatorToken,
                                       json: ["name": "Outsiders", "declaration": "d", "members": [a.id]]).json([String: String].self)["id"]!
            #expect(try await h.call(.POST, "api/v1/partnerships/\(own)/projects", token: a.tokens[.orgAdmin]!, json: ["name": "own", "purpose": "q"]).status == .created)

            let ids = try await Self.identifiers(of: f, h)
            let document = try JSONSerialization.jsonObject(with: try await h.call(.GET, "api/v1/openapi.json").body) as! [String: Any]
            let paths = document["paths"] as! [String: [String: Any]]
            let before = try await Self.stored(h)
            var probed = 0, operations = 0
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) where path.contains("{") {
                for (method, operation) in methods.sorted(by: { $0.key < $1.key }) {
                    let key = "\(method.uppercased()) \(path)"
                    guard Self.byDesign[key] == nil else { continue }
                    operations += 1
                    let body = ((operation as! [String: Any])["requestBody"] as? [String: Any]).flatMap { Self.sampleBody($0, document) }
                    for (theirs, madeUp) in Self.fillings(path, ids) {
                        for role in Self.roles {
                            let token = a.tokens[role]!
                            let real = try await Self.call(h, method, theirs, token, body)
                            let none = try await Self.call(h, method, madeUp, token, body)
                            probed += 1
                            #expect(!(200...299).contains(real.status.code), "\(key) as \(role): \(real.status) on another partnership's object")
                            #expect(real.status.code < 500, "\(key) as \(role): \(real.status)")
                            let said = Self.words(real, theirs), saidOfNone = Self.words(none, madeUp)
                            #expect(real.status == none.status && said == saidOfNone,
                                    "\(key) as \(role) tells another partnership's object from none: \(real.status) '\(said)' vs \(none.status) '\(saidOfNone)'")
                        }
                    }
                }
            }
            #expect(operations > 80 && probed > 800, "\(operations) operations, \(probed) probes")
            let after = try await Self.stored(h)
            for table in before.keys.sorted() where before[table] != after[table] {
                Issue.record("table \(table) changed under the probe")
            }
        }
    }

    /// B's partnership filled: every dataset uploaded, a linkage run done, an output, a breach incident, a quality issue.
    static func fill(_ h: Harness) async throws -> IngestFixture {
        let f = try await LinkageRunTests.prepare(h)
        let analyst = f.county[.analyst]!
        let run = try await h.client.call(API.startRun, f.project, token: analyst)
        #expect(try await LinkageRunTests.waitFor(h, run: run.id, token: analyst).status == .succeeded)
        _ = try await h.client.call(API.runAnalysis, f.project, body: AnalysisIn(definition: AnalysisDefinition(
            kind: "crosstab", title: "Tenure by area", population: [Condition(variable: "in:housing", op: "=", value: "Y")],
            rows: "housing.small_area", columns: "housing.tenure")), token: analyst)
        let header = try CSVReader(path: f.dir + "/housing.pseudo.csv").next()!.fields
        let (leaky, m) = try f.variant("housing") { rows in rows[3][header.count - 1] = "943 476 5919" }
        #expect(try await h.upload(f, token: f.boroughUpload, bytes: leaky, manifest: m).status == .breach)
        let d = try await h.call(.GET, "api/v1/projects/\(f.project)/datasets", token: analyst).json([DatasetOut].self)[0]
        #expect(try await h.call(.POST, "api/v1/datasets/\(d.id)/quality-issues", token: analyst,
                                 json: ["version": 1, "description": "a column is blank"]).status == .created)
        return f
    }

    /// B's identifiers by the path segment that names their kind, from the database.
    static func identifiers(of f: IngestFixture, _ h: Harness) async throws -> [String: [String]] {
        let db = h.app.db
        func uuids<M: Model>(_ m: M.Type) async throws -> [String] where M.IDValue == UUID {
            try await M.query(on: db).all().compactMap { $0.id?.uuidString }
        }
        let theirs = Set([f.countyOrg, f.boroughOrg, f.partnership.police.id])
        var ids: [String: [String]] = [:]
        ids["organisations"] = Array(theirs)
        ids["projects"] = [f.project]
        ids["partnerships"] = try await Partnership.query(on: db).all().filter { !Set($0.memberIDs.map(\.uuidString)).isDisjoint(with: theirs) }.compactMap { $0.id?.uuidString }
        ids["agreements"] = try await uuids(Agreement.self)
        ids["datasets"] = try await uuids(Dataset.self)
        ids["catalogue"] = ids["datasets"]
        ids["uploads"] = try await uuids(Upload.self)
        ids["incidents"] = try await uuids(Incident.self)
        ids["quality-issues"] = try await uuids(QualityIssue.self)
        ids["runs"] = try await uuids(LinkageJob.self)
        ids["outputs"] = try await uuids(AnalysisOutput.self)
        ids["review"] = try await uuids(ReviewPair.self)
        ids["audit-requests"] = try await uuids(AuditRequest.self)
        ids["users"] = try await User.query(on: db).all().filter { $0.$organisation.id.map { theirs.contains($0.uuidString) } ?? false }.compactMap { $0.id?.uuidString }
        ids["members"] = ids["users"]
        ids["tokens"] = try await uuids(APIToken.self)
        ids["notifications"] = try await uuids(Notification.self).prefix(3).map { $0 }
        ids["versions"] = ["1"]
        return ids.mapValues { Array($0.prefix(3)) }
    }

    /// The path with B's identifiers in it, and the same path with made-up ones, for each of B's objects
    /// of the first parameter's kind (the others take B's first).
    static func fillings(_ path: String, _ ids: [String: [String]]) -> [(String, String)] {
        let segments = path.split(separator: "/").map(String.init)
        var slots: [(index: Int, kind: String)] = []
        for (i, s) in segments.enumerated() where s.hasPrefix("{") { slots.append((i, i > 0 ? segments[i - 1] : "")) }
        let firstKind = slots.first?.kind ?? ""
        let choices = ids[firstKind].map { $0.isEmpty ? [UUID().uuidString] : $0 } ?? [UUID().uuidString]
        return choices.map { first in
            var theirs = segments, madeUp = segments
            for (n, slot) in slots.enumerated() {
                let value = n == 0 ? first : (ids[slot.kind]?.first ?? UUID().uuidString)
                theirs[slot.index] = value
                madeUp[slot.index] = slot.kind == "versions" || slot.kind == "notifications" && Int(value) != nil ? "999" : UUID().uuidString
            }
            return ("/" + theirs.joined(separator: "/"), "/" + madeUp.joined(separator: "/"))
        }
    }

    static func call(_ h: Harness, _ method: String, _ path: String, _ token: String, _ body: String?) async throws -> APIReply {
        try await h.client.call(HTTPMethod(rawValue: method.uppercased()), String(path.dropFirst()), token: token, raw: body)
    }

    /// What a refusal says, with the identifiers of its path taken out (a message may name the id it was asked about).
    static func words(_ r: APIReply, _ path: String) -> String {
        var text = String(decoding: r.body, as: UTF8.self)
        for part in path.split(separator: "/") where part.count >= 8 { text = text.replacingOccurrences(of: String(part), with: "…") }
        return text
    }

    /// A body the schema accepts, made of stand-ins (empty text, zero, false, empty lists, the first of an enum),
    /// so a request reaches the handler's own checks instead of being refused as malformed.
    static func sampleBody(_ requestBody: [String: Any], _ document: [String: Any]) -> String? {
        guard let content = requestBody["content"] as? [String: Any], let json = content["application/json"] as? [String: Any],
              let schema = json["schema"] as? [String: Any] else { return nil }
        let value = sample(schema, document, depth: 0)
        return (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) }
    }

    static func sample(_ schema: [String: Any], _ document: [String: Any], depth: Int) -> Any {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last!)
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            return (schemas?[name] as? [String: Any]).map { sample($0, document, depth: depth + 1) } ?? [:]
        }
        if let e = schema["enum"] as? [Any], let first = e.first { return first }
        if let any = (schema["oneOf"] ?? schema["anyOf"]) as? [[String: Any]], let first = any.first { return sample(first, document, depth: depth + 1) }
        let type = (schema["type"] as? String) ?? ((schema["type"] as? [String])?.first { $0 != "null" } ?? "object")
        switch type {
        case "string":
            switch schema["format"] as? String {
            case "uuid": return UUID().uuidString
            case "date-time": return "2026-12-01T00:00:00Z"
            case "date": return "2026-12-01"
            default: return "x"
            }
        case "integer": return 1
        case "number": return 1.0
        case "boolean": return false
        case "array": return []
        default:
            guard depth < 12 else { return [String: Any]() }
            var out: [String: Any] = [:]
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for name in schema["required"] as? [String] ?? [] { out[name] = properties[name].map { sample($0, document, depth: depth + 1) } ?? "x" }
            return out
        }
    }

    /// Every table but the audit log's and the sessions' (which record the probe itself), row by row.
    static func stored(_ h: Harness) async throws -> [String: [String]] {
        try await StoredEverything.read(h.app).rows.filter { table, _ in
            !table.contains("audit") && !table.contains("session") && !table.contains("sign_in")
        }.mapValues { $0.sorted() }
    }
}
