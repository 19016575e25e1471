import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

@Suite("Nothing left behind: abandoned uploads (in-process HTTP)", .serialized)
struct AbandonedUploadTests {
    @Test func anUploadWithoutBytesForADayIsAbandonedReclaimedAndAudited() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("housing")
            let half = bytes.prefix(bytes.count / 2)
            let stale = try await h.client.expect(UploadOut.self, .POST, "api/v1/uploads", token: f.boroughUpload,
                                                  raw: try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: m)))
            try await h.client.require(.PUT, "api/v1/uploads/\(stale.id)/content", token: f.boroughUpload, bytes: Data(half), headers: [("Upload-Offset", "0")])
            let staging = h.app.platform.staging
            #expect(FileManager.default.fileExists(atPath: staging.path(stale.id)))
            h.clock.advance(23 * 3600)
            // A second upload still receiving bytes an hour before the sweep is left alone.
            var (other, om) = try f.file("housing"); other.append(Data("\n".utf8)); om.fileSHA256 = Hex.encode(SHA256.hash(data: other))
            let fresh = try await h.client.expect(UploadOut.self, .POST, "api/v1/uploads", token: f.boroughUpload,
                                                  raw: try APIClient.text(APIClient.announcement(project: f.project, bytes: other, manifest: om)))
            h.clock.advance(3600 + 1)
            let service = IngestService(app: h.app)
            #expect(try await service.sweepAbandonedUploads() == 1)
            #expect(try await service.sweepAbandonedUploads() == 0, "a second sweep finds nothing more")
            let gone = try await h.client.expect(UploadOut.self, .GET, "api/v1/uploads/\(stale.id)", token: f.boroughUpload)
            #expect(gone.status == .abandoned && gone.problems.first?.reason.contains("no bytes arrived for 24 hours") == true)
            #expect(!FileManager.default.fileExists(atPath: staging.path(stale.id)), "the staged bytes are reclaimed")
            #expect(try await Upload.find(stale.id, on: h.app.db)?.wrappedKey == "", "and its key")
            #expect(try await h.client.expect(UploadOut.self, .GET, "api/v1/uploads/\(fresh.id)", token: f.boroughUpload).status == .receiving)
            let late = try await h.client.call(.PUT, "api/v1/uploads/\(stale.id)/content", token: f.boroughUpload, bytes: Data(bytes.suffix(from: half.count)),
                                               headers: [("Upload-Offset", String(half.count))])
            #expect(late.status == .conflict && late.error.contains("abandoned"), "it can no longer be resumed")
            let audit = try await AuditEventModel.query(on: h.app.db).filter(\.$action == "upload.abandon").all()
            #expect(audit.map(\.object) == ["upload/\(stale.id)"] && audit.first?.organisation == f.boroughOrg)
            let notices = try await Notification.query(on: h.app.db).filter(\.$kind == "upload.abandoned").all()
            #expect(notices.count == 1 && notices.first?.organisation.uuidString == f.boroughOrg)
            // Announcing the same file again starts a new upload, which is accepted.
            let again = try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m)
            #expect(again.id != stale.id && again.status == .accepted)
        }
    }
}
