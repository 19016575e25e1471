import Crypto
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import Testing
import Vapor

/// A partnership with an APPROVED agreement for the six synthetic datasets, the spec and key
/// fingerprint registered, and API tokens for the providers; the datasets pseudonymised at source.
struct IngestFixture {
    var dir: String, project: String, operatorToken: String
    var county: [Role: String], borough: [Role: String], police: [Role: String]
    var boroughOrg: String, countyOrg: String
    var boroughUpload: String, policeUpload: String
    var manifests: [String: PseudonymisationManifest]

    static func make(_ h: Harness) async throws -> IngestFixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhingest-\(UUID())").path
        var o = SyntheticPartnership.Options(directory: dir)
        o.households = 120
        _ = try SyntheticPartnership.generate(o)
        let projectKey = SecretKey.generate()
        let manifests = try SyntheticPartnership.pseudonymise(directory: dir, projectSecret: projectKey, vaultSecret: SecretKey.generate())
        let spec = try SpecLoader.load(path: dir + "/spec.json")
        let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
        let opToken = try await h.token(op)
        let roles: [Role] = [.orgAdmin, .signatory, .provider, .analyst]
        let ecc = try await h.organisation("Essex County Council", ico: "Z6034810", roles: roles, operatorToken: opToken)
        let bbc = try await h.organisation("Basildon Borough Council", ico: "Z5361180", roles: roles, operatorToken: opToken)
        let pol = try await h.organisation("Essex Police", ico: "Z4883472", roles: roles, operatorToken: opToken)
        let pid = try await h.call(.POST, "api/v1/partnerships", token: opToken,
                                   json: ["name": "Essex Data", "declaration": "We will share.", "members": [ecc.id, bbc.id, pol.id]]).json([String: String].self)["id"]!
        let prj = try await h.call(.POST, "api/v1/partnerships/\(pid)/projects", token: ecc.tokens[.orgAdmin]!,
                                   json: ["name": "School readiness", "purpose": "Improve school readiness in Vange"]).json([String: String].self)["id"]!
        let assessment: [String: Any] = ["beneficiaries": "Children", "benefits": "Earlier help", "risksToIndividuals": "Re-identification",
                                         "risksToPublic": "Trust", "risksToServices": "None", "safeguards": "Pseudonymised at source",
                                         "legalVulnerabilityAddressed": true, "dataQualityAssessed": true, "accessLimits": "Named analysts"]
        _ = try await h.call(.PUT, "api/v1/projects/\(prj)/assessment", token: ecc.tokens[.signatory]!, json: assessment)
        for (org, role) in [(ecc, Role.analyst), (bbc, .provider), (pol, .provider), (bbc, .analyst)] {   // project roles
            let me = try await h.call(.GET, "api/v1/me", token: org.tokens[role]!).json(MeOut.self)
            let added = try await h.call(.POST, "api/v1/projects/\(prj)/members", token: org.tokens[.orgAdmin]!, json: ["user": me.id.uuidString, "role": role.rawValue])
            #expect(added.status == .created, "\(added.error)")
        }
        let providerOf: [String: String] = ["housing": bbc.id, "police": pol.id]
        let datasets: [[String: Any]] = spec.datasets.map { d in
            ["provider": providerOf[d.name] ?? ecc.id, "name": d.name,
             "fields": d.columns.map { $0.role == .identifier ? $0.fieldName : $0.outputName }, "matchingIdentifiers": [String]()]
        }
        let doc: [String: Any] = ["format": "linkhaven-agreement/1", "title": "School readiness", "purpose": "Share, match and model",
            "legalBasis": "Public functions", "fairProcessing": "Notices", "publication": "Only with the data owners' approval", "security": "At source",
            "formatAndFrequency": "CSV", "retention": ["months": 12, "extensions": 1, "extensionMonths": 12], "controllersInCommon": "Parties",
            "processor": "Operator", "auditRights": "Section 8", "complaints": "Own", "breachProcedure": "Delete and inform", "reviewDate": "2027-11-30",
            "datasets": datasets]
        let agreement = try await h.call(.POST, "api/v1/projects/\(prj)/agreements", token: ecc.tokens[.orgAdmin]!,
                                          json: ["parties": [bbc.id, pol.id], "document": doc]).json(AgreementOut.self)
        let path = "api/v1/agreements/\(agreement.id)"
        _ = try await h.call(.POST, path + "/submit", token: ecc.tokens[.orgAdmin]!)
        for t in [ecc, bbc, pol] { _ = try await h.call(.POST, path + "/sign", token: t.tokens[.signatory]!) }
        let approved = try await h.call(.POST, path + "/approve", token: ecc.tokens[.orgAdmin]!)
        #expect(approved.status == .ok, "\(approved.error)")
        let specText = try String(contentsOfFile: dir + "/spec.json", encoding: .utf8)
        let reg = try await h.call(.PUT, "api/v1/projects/\(prj)/linkage?keyFingerprint=\(projectKey.projectKey(project: spec.project).fingerprint)",
                                   token: ecc.tokens[.orgAdmin]!, raw: specText)
        #expect(reg.status == .noContent, "\(reg.error)")
        func uploadToken(_ t: String) async throws -> String {
            try await h.call(.POST, "api/v1/tokens", token: t, json: ["name": "upload", "actions": ["upload"], "expiresInDays": 30]).json(TokenOut.self).token!
        }
        return IngestFixture(dir: dir, project: prj, operatorToken: opToken, county: ecc.tokens, borough: bbc.tokens, police: pol.tokens,
                             boroughOrg: bbc.id, countyOrg: ecc.id, boroughUpload: try await uploadToken(bbc.tokens[.provider]!),
                             policeUpload: try await uploadToken(pol.tokens[.provider]!), manifests: manifests)
    }

    /// A copy of a dataset's pseudonymised file changed by `edit` (rows after the header), with a manifest to match.
    func variant(_ dataset: String, _ edit: (inout [[String]]) -> Void) throws -> (Data, PseudonymisationManifest) {
        let reader = try CSVReader(path: dir + "/\(dataset).pseudo.csv")
        let header = try reader.next()!.fields
        var rows: [[String]] = []
        while let r = try reader.next() { rows.append(r.fields) }
        edit(&rows)
        var bytes: [UInt8] = []
        for r in [header] + rows { CSVWriter.encode(r, into: &bytes) }
        var m = manifests[dataset]!
        m.fileSHA256 = Hex.encode(SHA256.hash(data: bytes)); m.rows.written = rows.count
        return (Data(bytes), m)
    }

    func file(_ dataset: String) throws -> (Data, PseudonymisationManifest) {
        (try Data(contentsOf: URL(fileURLWithPath: dir + "/\(dataset).pseudo.csv")), manifests[dataset]!)
    }
}

extension Harness {
    /// Uploads `bytes` in `parts` with the API token, completes, and waits for the outcome.
    func upload(_ f: IngestFixture, token: String, bytes: Data, manifest: PseudonymisationManifest, gzip: Bool = false, parts: Int = 2) async throws -> UploadOut {
        let m = try JSONSerialization.jsonObject(with: JSONEncoder().encode(manifest))
        let created = try await call(.POST, "api/v1/uploads", token: token, json: ["project": f.project, "manifest": m, "size": bytes.count,
                                     "sha256": Hex.encode(SHA256.hash(data: bytes)), "encoding": gzip ? "gzip" : "identity"])
        guard [.created, .ok].contains(created.status) else { throw Abort(created.status, reason: created.error) }
        var u = try created.json(UploadOut.self)
        if u.status == "receiving" {
            let step = max(1, bytes.count / parts + 1)
            for start in stride(from: u.received, to: bytes.count, by: step) {
                let part = bytes[start..<min(bytes.count, start + step)]
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                headers.add(name: "Upload-Offset", value: String(start))
                try await app.testing().test(.PUT, "api/v1/uploads/\(u.id)/content", headers: headers, body: ByteBuffer(data: part)) { res in
                    #expect(res.status == .ok, "\(String(buffer: res.body))")
                }
            }
            u = try await call(.POST, "api/v1/uploads/\(u.id)/complete", token: token).json(UploadOut.self)
        }
        for _ in 0..<600 where u.status == "validating" {
            try await Task.sleep(for: .milliseconds(20))
            u = try await call(.GET, "api/v1/uploads/\(u.id)", token: token).json(UploadOut.self)
        }
        return u
    }
}
