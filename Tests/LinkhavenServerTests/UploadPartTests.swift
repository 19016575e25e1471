import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Upload parts: a part that would go past the announced size is refused whole, and what had arrived
/// before it stays; the upload goes on from there.
@Suite("Upload parts (in-process HTTP)", .serialized)
struct UploadPartTests {
    @Test func aPartPastTheAnnouncedSizeIsRefusedAndNothingOfItIsKept() async throws {
        try await Harness.run { h in
            let f = try await IngestFixture.make(h)
            let (bytes, m) = try f.file("housing")
            let first = Data(bytes.prefix(1_000))
            let u = try await h.client.expect(UploadOut.self, .POST, "api/v1/uploads", token: f.boroughUpload,
                                              raw: try APIClient.text(APIClient.announcement(project: f.project, bytes: bytes, manifest: m)))
            try await h.client.require(.PUT, "api/v1/uploads/\(u.id)/content", token: f.boroughUpload, bytes: first, headers: [("Upload-Offset", "0")])
            let tooMuch = Data(bytes.suffix(from: 1_000)) + Data("one more row,that was never announced\n".utf8)
            let refused = try await h.client.call(.PUT, "api/v1/uploads/\(u.id)/content", token: f.boroughUpload, bytes: tooMuch,
                                                  headers: [("Upload-Offset", "1000")])
            #expect(refused.status == .payloadTooLarge && refused.error.contains("more bytes than the \(bytes.count) announced"))
            let after = try await h.client.expect(UploadOut.self, .GET, "api/v1/uploads/\(u.id)", token: f.boroughUpload)
            #expect(after.status == .receiving && after.received == 1_000, "what arrived before the refused part stays; none of the part")
            try await h.client.require(.PUT, "api/v1/uploads/\(u.id)/content", token: f.boroughUpload, bytes: Data(bytes.suffix(from: 1_000)),
                                       headers: [("Upload-Offset", "1000")])
            var done = try await h.client.expect(UploadOut.self, .POST, "api/v1/uploads/\(u.id)/complete", token: f.boroughUpload)
            let clock = ContinuousClock(), until = clock.now + .seconds(120)
            while done.status == .validating, clock.now < until {
                try await Task.sleep(for: .milliseconds(20))
                done = try await h.client.expect(UploadOut.self, .GET, "api/v1/uploads/\(u.id)", token: f.boroughUpload)
            }
            #expect(done.status == .accepted, "the whole file, sent again from where it stood, is accepted")
        }
    }
}
