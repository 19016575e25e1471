import Crypto
import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

@Suite("Ingest: uploads, breach guard, storage, quality, retention (in-process HTTP)", .serialized)
struct IngestTests {
    @Test func acceptedUploadHasQualityReportVersionsAndIssues() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("housing")
            let u = try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m, parts: 3)
            #expect(u.status == .accepted && u.version == 1, "\(u.problems)")
            // Stored encrypted: the store holds one file and it does not contain the plaintext.
            let store = h.app.platform.config.dataDirectory + "/store"
            let stored = try FileManager.default.contentsOfDirectory(atPath: store)
            #expect(stored.count == 1)
            let raw = try Data(contentsOf: URL(fileURLWithPath: store + "/" + stored[0]))
            #expect(raw.range(of: bytes.prefix(200)) == nil && raw.range(of: Data("record_token".utf8)) == nil)
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.app.platform.config.dataDirectory + "/staging").isEmpty)

            let datasets = try await h.call(.GET, "api/v1/projects/\(f.project)/datasets", token: f.county[.analyst]!).json([DatasetOut].self)
            #expect(datasets.map(\.name) == ["housing"] && datasets[0].versions.map(\.rows) == [m.rows.written])
            let d = datasets[0].id
            let q = try await h.call(.GET, "api/v1/datasets/\(d)/versions/1/quality", token: f.county[.analyst]!).json(DataQualityReport.self)
            #expect(q.rows == m.rows.written && q.columns.map(\.name) == m.columns && q.duplicateRecordTokens == 0)
            #expect(q.columns.first { $0.kind == .clk }?.clkMeanFill ?? 0 > 0.05)

            // The same file again is the same version (idempotent by content).
            let again = try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m)
            #expect(again.status == .accepted && again.version == 1 && again.duplicate == true)

            // A partner raises a data quality issue; it names no identifiers; the provider resolves it with version 2.
            let leaky = try await h.call(.POST, "api/v1/datasets/\(d)/quality-issues", token: f.county[.analyst]!,
                                         json: ["version": 1, "description": "row for 943 476 5919 is wrong"])
            #expect(leaky.status == .unprocessableEntity)
            let issue = try await h.call(.POST, "api/v1/datasets/\(d)/quality-issues", token: f.county[.analyst]!,
                                         json: ["version": 1, "description": "arrears column is blank in 40% of rows"]).json(QualityIssueOut.self)
            let notes = try await h.call(.GET, "api/v1/notifications", token: f.borough[.orgAdmin]!).json([NotificationOut].self)
            #expect(notes.contains { $0.kind == "quality-issue" })
            #expect(try await h.dashboard(f.borough[.provider]!).contains("awaits a new version: arrears column is blank"), "the provider is asked for a new version")
            #expect(try await !h.dashboard(f.county[.provider]!).contains("arrears column"), "not another provider's")
            #expect(try await h.call(.POST, "api/v1/datasets/\(d)/quality-issues/\(issue.id)/resolve", token: f.borough[.provider]!, json: ["version": 1]).status == .unprocessableEntity)
            let (v2, m2) = try f.variant("housing") { $0.removeLast() }
            #expect(try await h.upload(f, token: f.boroughUpload, bytes: v2, manifest: m2).version == 2)
            let versions = try await h.call(.GET, "api/v1/datasets/\(d)", token: f.county[.analyst]!).json(DatasetOut.self).versions
            #expect(versions.map(\.status) == [.replaced, .current] && versions.map(\.stale) == [true, false])
            #expect(try await h.call(.POST, "api/v1/datasets/\(d)/quality-issues/\(issue.id)/resolve", token: f.county[.analyst]!, json: ["version": 2]).status == .forbidden)
            let resolved = try await h.call(.POST, "api/v1/datasets/\(d)/quality-issues/\(issue.id)/resolve", token: f.borough[.provider]!, json: ["version": 2])
            #expect(try resolved.json(QualityIssueOut.self).status == .resolved)
            #expect(try await !h.dashboard(f.borough[.provider]!).contains("arrears column"), "resolved: off the list")
        }
    }

    @Test func refusesWhatTheAgreementDoesNotAllow() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("housing")
            var wrongKey = m; wrongKey.keyFingerprint = "lh1:0000-0000-0000-0000-0000"
            do { _ = try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: wrongKey); Issue.record("accepted") } catch let e as APIClientError {
                #expect(e.status == .unprocessableEntity && e.reason.contains("different project key"))
            }
            var wrongSpec = m; wrongSpec.specVersion += 1
            do { _ = try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: wrongSpec); Issue.record("accepted") } catch let e as APIClientError {
                #expect(e.reason.contains("version"))
            }
            var extraColumn = m; extraColumn.columns.append("surname")
            do { _ = try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: extraColumn); Issue.record("accepted") } catch let e as APIClientError {
                #expect(e.reason.contains("not exactly the agreed"))
            }
            do { _ = try await h.upload(f, token: f.policeUpload, bytes: bytes, manifest: m); Issue.record("accepted") } catch let e as APIClientError {
                #expect(e.status == .forbidden, "the police do not provide housing")
            }
            // A file whose bytes are not what its manifest says is rejected after transfer, and nothing is kept.
            var tampered = bytes; tampered[tampered.count - 2] ^= 1
            let r = try await h.upload(f, token: f.boroughUpload, bytes: tampered, manifest: m)
            #expect(r.status == .rejected || r.status == .breach)
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.app.platform.config.dataDirectory + "/store").isEmpty)
            // An agreement suspended while a file is in flight: completing it is refused with the reason, and
            // nothing becomes a version; the bytes already sent wait (encrypted) until it is resumed.
            let announced = try await h.client.expect(UploadOut.self, .POST, "api/v1/uploads", token: f.boroughUpload,
                                                      raw: try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: m)))
            try await h.client.require(.PUT, "api/v1/uploads/\(announced.id)/content", token: f.boroughUpload, bytes: bytes, headers: [("Upload-Offset", "0")])
            let agreement = try await Agreement.query(on: h.app.db).first()!
            try await h.client.require(.POST, "api/v1/agreements/\(try agreement.requireID())/suspend", token: f.county[.orgAdmin]!,
                                       json: ["reason": "checking a partner's extract"])
            let late = try await h.call(.POST, "api/v1/uploads/\(announced.id)/complete", token: f.boroughUpload)
            #expect(late.status == .conflict && late.error.contains("SUSPENDED") && late.error.contains("checking a partner's extract"), "\(late.error)")
            #expect(try await h.client.expect(UploadOut.self, .GET, "api/v1/uploads/\(announced.id)", token: f.boroughUpload).status == .receiving)
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.app.platform.config.dataDirectory + "/store").isEmpty)
            #expect(try await Dataset.query(on: h.app.db).count() == 0)
            // And no new upload starts under it.
            do { _ = try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m); Issue.record("accepted") } catch let e as APIClientError {
                #expect(e.status == .conflict && e.reason.contains("SUSPENDED"))
            }
        }
    }

    @Test func leakedIdentifierIsRejectedDeletedAndReported() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let header = try CSVReader(path: f.dir + "/housing.pseudo.csv").next()!.fields
            let column = header.firstIndex(of: "arrears") ?? header.count - 1
            let (bytes, m) = try f.variant("housing") { rows in rows[4][column] = "943 476 5919" }
            let gz = try Self.gzip(bytes)
            let u = try await h.upload(f, token: f.boroughUpload, bytes: gz, manifest: m, gzip: true)
            #expect(u.status == .breach && u.incident != nil)
            #expect(u.problems.first?.line == 6 && u.problems.first?.column == header[column])
            let dataDir = h.app.platform.config.dataDirectory
            #expect(try FileManager.default.contentsOfDirectory(atPath: dataDir + "/staging").isEmpty, "every byte deleted")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dataDir + "/store").isEmpty)
            let incident = try await h.call(.GET, "api/v1/incidents/\(u.incident!)", token: f.borough[.orgAdmin]!).json(IncidentOut.self)
            #expect(incident.findings.map(\.kind) == [.nhsNumber] && incident.findings[0].lines == [6] && incident.status == .open)
            #expect(!String(decoding: try await h.call(.GET, "api/v1/incidents/\(u.incident!)", token: f.borough[.orgAdmin]!).body, as: UTF8.self).contains("5919"))
            #expect(try await h.call(.GET, "api/v1/incidents/\(u.incident!)", token: f.county[.orgAdmin]!).status == .notFound)
            #expect(try await h.call(.GET, "api/v1/notifications", token: f.borough[.provider]!).json([NotificationOut].self).contains { $0.kind == "breach" })
            let path = "api/v1/incidents/\(u.incident!)"
            #expect(try await h.dashboard(f.borough[.orgAdmin]!).contains("/app/incidents/\(u.incident!)"), "the provider's admin follows it up")
            #expect(try await !h.dashboard(f.county[.orgAdmin]!).contains("Breach incident"), "not another organisation's")
            #expect(try await h.call(.PUT, path, token: f.borough[.orgAdmin]!, json: ["status": "closed", "cause": "", "lessons": ""]).status == .unprocessableEntity)
            let close = ["status": "closed", "cause": "Export included the raw column", "lessons": "Run linkhaven check before upload"]
            #expect(try await h.call(.PUT, path, token: f.borough[.orgAdmin]!, json: close).status == .conflict, "reporting is decided first")
            let decided = try await h.client.call(API.decideRegulator, u.incident!.uuidString,
                                                  body: RegulatorViewIn(report: true, reason: "Special category data was received", reference: "ICO-123"),
                                                  token: f.borough[.orgAdmin]!)
            #expect(decided.reportedToRegulator == true && decided.regulatorReference == "ICO-123" && decided.status == .investigating)
            let closed = try await h.call(.PUT, path, token: f.borough[.orgAdmin]!, json: close)
            #expect(try closed.json(IncidentOut.self).status == .closed)
            #expect(try await !h.dashboard(f.borough[.orgAdmin]!).contains("Breach incident"), "closed: off the list")
            #expect(try await h.call(.GET, "api/v1/notifications", token: f.county[.orgAdmin]!).json([NotificationOut].self).contains { $0.kind == "incident.closed" })
            let audit = try await AuditEventModel.query(on: h.app.db).all().map(\.action)
            #expect(audit.contains("upload.breach") && audit.contains("incident.create") && audit.contains("incident.close"))
        }
    }

    @Test func aNameInTheHeaderIsABreachNamedByPositionNeverByValue() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("housing")
            let text = String(decoding: bytes, as: UTF8.self)
            let firstLine = text.prefix { $0 != "\n" }
            var header = firstLine.split(separator: ",").map(String.init)
            header[header.count - 1] = "Okonkwo"   // a data row's surname where a column's name should be
            let leaky = Data((header.joined(separator: ",") + text.dropFirst(firstLine.count)).utf8)
            let u = try await h.upload(f, token: f.boroughUpload, bytes: leaky, manifest: m)
            #expect(u.status == .breach && u.incident != nil)
            #expect(u.problems.first?.line == 1 && u.problems.first?.column == "header cell \(header.count)")
            let body = String(decoding: try await h.call(.GET, "api/v1/incidents/\(u.incident!)", token: f.borough[.orgAdmin]!).body, as: UTF8.self)
            #expect(body.contains("personName") && body.contains("header") && !body.contains("Okonkwo"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.app.platform.config.dataDirectory + "/store").isEmpty)
        }
    }

    @Test func retentionExpiryDestroysAndCertifies() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("housing")
            #expect(try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m).status == .accepted)
            let d = try await h.call(.GET, "api/v1/projects/\(f.project)/datasets", token: f.county[.orgAdmin]!).json([DatasetOut].self)[0]
            h.clock.advance(200 * 86_400)
            let op = try await h.relogin("operator@linkhaven.test")
            #expect(try await h.call(.POST, "api/v1/retention/sweep", token: op).json([DestructionCertificate].self).isEmpty, "not yet expired")
            h.clock.advance(200 * 86_400)
            let certs = try await h.call(.POST, "api/v1/retention/sweep", token: try await h.relogin("operator@linkhaven.test")).json([DestructionCertificate].self)
            #expect(certs.count == 1 && certs[0].versions.map(\.contentSHA256) == [m.fileSHA256.lowercased()])
            let key = try await h.call(.GET, "api/v1/platform/public-key").json([String: String].self)["ed25519"]!
            #expect(certs[0].verify(expectedPublicKey: key))
            var forged = certs[0]; forged.reason = "nothing happened"
            #expect(!forged.verify(expectedPublicKey: key))
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.app.platform.config.dataDirectory + "/store").isEmpty)
            let analyst = try await h.relogin("analyst@z6034810.test")
            #expect(try await h.call(.GET, "api/v1/datasets/\(d.id)/versions/1/quality", token: analyst).status == .gone)
            let v = try await DatasetVersion.query(on: h.app.db).first()!
            #expect(v.wrappedKey.isEmpty && v.status == .destroyed, "the data key is erased")
            let listed = try await h.call(.GET, "api/v1/datasets/\(d.id)/certificates", token: analyst).json([DestructionCertificate].self)
            #expect(listed == certs)
        }
    }

    @Test func earlyDestructionExtensionAndAuditPack() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("housing")
            #expect(try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m).status == .accepted)
            let d = try await h.call(.GET, "api/v1/projects/\(f.project)/datasets", token: f.county[.orgAdmin]!).json([DatasetOut].self)[0]
            #expect(try await h.call(.POST, "api/v1/datasets/\(d.id)/extend", token: f.county[.orgAdmin]!, json: ["reason": "Ring 01234 567890"]).status
                    == .unprocessableEntity, "a reason that looks like an identifier is refused")
            let extended = try await h.client.call(API.extendRetention, d.id.uuidString, body: RetentionExtensionIn(reason: "The evaluation runs another year"),
                                                   token: f.county[.orgAdmin]!)
            #expect(extended.retainUntil.timeIntervalSince(d.retainUntil) > 360 * 86_400 && extended.extensionsUsed == 1)
            let audit = try await h.client.call(API.auditExport, token: f.county[.orgAdmin]!).events.filter { $0.action == "dataset.extend" }
            #expect(audit.count == 1 && audit[0].outcome.contains("reason: The evaluation runs another year"), "\(audit.map(\.outcome))")
            #expect(try await h.call(.POST, "api/v1/datasets/\(d.id)/extend", token: f.county[.orgAdmin]!).status == .conflict, "one extension agreed")
            #expect(try await h.call(.POST, "api/v1/datasets/\(d.id)/extend", token: f.borough[.orgAdmin]!).status == .forbidden)

            // Audit pack: requested by another partner, approved by the provider, the file exactly as transferred,
            // with the incidents recorded against the dataset.
            let incident = try await h.client.call(API.recordIncident, body: IncidentIn(
                project: UUID(uuidString: f.project)!, kind: .dataQuality, discoveredAt: h.clock.now,
                description: "Tenure codes shifted by one in the March extract", datasets: ["housing"], severity: 2, likelihood: 2),
                token: f.borough[.orgAdmin]!)
            let req = try await h.call(.POST, "api/v1/datasets/\(d.id)/audit-requests", token: f.county[.orgAdmin]!, json: ["reason": "Annual assurance"])
            let a = try req.json(AuditRequestOut.self)
            #expect(try await h.call(.GET, "api/v1/audit-requests/\(a.id)/bundle", token: f.county[.orgAdmin]!).status == .conflict)
            #expect(try await h.call(.POST, "api/v1/audit-requests/\(a.id)/approve", token: f.county[.orgAdmin]!,
                                     json: ["assessmentReference": "x", "procedure": "y"]).status == .forbidden)
            #expect(try await h.call(.POST, "api/v1/audit-requests/\(a.id)/approve", token: f.borough[.orgAdmin]!,
                                     json: ["assessmentReference": "PIA-2026-04", "procedure": "We pseudonymise with linkhaven 1."]).status == .ok)
            let tar = try await h.call(.GET, "api/v1/audit-requests/\(a.id)/bundle", token: f.county[.orgAdmin]!)
            #expect(tar.status == .ok && tar.body.count % 512 == 0)
            #expect(tar.body.range(of: bytes) != nil, "the dataset exactly as transferred")
            #expect(String(decoding: tar.body, as: UTF8.self).contains("\(m.fileSHA256.lowercased())  housing.v1.pseudo.csv"))
            let text = String(decoding: tar.body, as: UTF8.self)
            #expect(text.contains("incidents.json") && text.contains(incident.id.uuidString) && text.contains("Tenure codes shifted"),
                    "the incident is in the pack")

            #expect(try await h.call(.POST, "api/v1/datasets/\(d.id)/destroy", token: f.county[.orgAdmin]!).status == .forbidden)
            let cert = try await h.call(.POST, "api/v1/datasets/\(d.id)/destroy", token: f.borough[.orgAdmin]!).json(DestructionCertificate.self)
            #expect(cert.reason.contains("early") && cert.verify())
            #expect(try await h.call(.GET, "api/v1/audit-requests/\(a.id)/bundle", token: f.county[.orgAdmin]!).status == .conflict, "gone once destroyed")
        }
    }

    static func gzip(_ data: Data) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try data.write(to: URL(fileURLWithPath: dir + "/f"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = [dir + "/f"]
        try p.run(); p.waitUntilExit()
        return try Data(contentsOf: URL(fileURLWithPath: dir + "/f.gz"))
    }
}
