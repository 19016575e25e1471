import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// A webhook receiver on 127.0.0.1 that keeps what it is sent.
final class WebhookReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [Data] = []
    let app: Application
    let port: Int

    init() async throws {
        app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        let box = Box()
        app.post("hook") { req -> HTTPStatus in
            box.receiver?.keep(Data(buffer: req.body.data ?? ByteBuffer()))
            return .noContent
        }
        port = try await app.serveOnLoopback()
        box.receiver = self
    }

    final class Box: @unchecked Sendable { weak var receiver: WebhookReceiver? }

    func keep(_ d: Data) { lock.withLock { bodies.append(d) } }
    var received: [Data] { lock.withLock { bodies } }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

@Suite("Notifications delivered to a webhook")
struct WebhookTests {
    @Test func breachIncidentIsPostedToTheWebhookWithoutTheLeakedValue() async throws {
        let receiver = try await WebhookReceiver()
        do {
            try await Harness.run(configure: { $0.webhookURL = "http://127.0.0.1:\(receiver.port)/hook" }) { h in
                let f = try await IngestFixture.make(h)
                let header = try CSVReader(path: f.dir + "/housing.pseudo.csv").next()!.fields
                let column = header.firstIndex(of: "arrears") ?? header.count - 1
                let (bytes, m) = try f.variant("housing") { rows in rows[2][column] = "jo.bloggs@example.org" }
                let u = try await h.upload(f, token: f.boroughUpload, bytes: bytes, manifest: m)
                #expect(u.status == .breach)
                for _ in 0..<250 where !receiver.received.contains(where: { String(decoding: $0, as: UTF8.self).contains("breach") }) {
                    try await Task.sleep(for: .milliseconds(20))   // the notice follows the upload's status
                }
                let posted = try receiver.received.map { try JSONDecoder.iso8601.decode(Notifier.Payload.self, from: $0) }
                let breach = posted.filter { $0.kind == "breach" }
                #expect(breach.count == 1 && breach.first?.organisation.uuidString == f.boroughOrg)
                #expect(breach.first?.object == "incident/\(u.incident!)")
                #expect(!receiver.received.contains { String(decoding: $0, as: UTF8.self).contains("bloggs") }, "never the value")
            }
        } catch {
            try await receiver.stop()
            throw error
        }
        try await receiver.stop()
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
