import Fluent
import Foundation
import LinkhavenAPI
@testable import LinkhavenServer
import Testing
import Vapor

/// Incident notifications also go by e-mail, through an outbox that a sender works through, to a real
/// SMTP server (Debian's aiosmtpd on 127.0.0.1); a relay that is down leaves the mail waiting, and it
/// goes once the relay is back.
/// They run where aiosmtpd is installed, and always under `.ci/run` (LINKHAVEN_MAIL_TESTS=1), which installs it.
@Suite("E-mailed notifications through an SMTP relay (aiosmtpd)", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["LINKHAVEN_MAIL_TESTS"] == "1" || SMTPSink.available))
struct MailTests {
    @Test func anIncidentIsMailedAtOnceToEveryAffectedPartnersAdminsAndSignatories() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await Harness.run(configure: { $0.smtpRelay = "127.0.0.1:\(sink.port)"; $0.mailInterval = 0.2; $0.publicURL = "https://linkhaven.example" }) { h in
            let f = try await IngestFixture.make(h)
            let opened = try await h.client.call(API.recordIncident, body: IncidentIn(
                project: UUID(uuidString: f.project)!, kind: .unauthorisedAccess, discoveredAt: h.clock.now,
                description: "A shared account was used from outside the partnership", organisations: [UUID(uuidString: f.boroughOrg)!],
                severity: 4, likelihood: 2), token: f.police[.orgAdmin]!)
            var expected: [String] = []
            for org in opened.affected { expected += try await Notifier.recipients(of: org, on: h.app.db) }
            #expect(expected.count >= 4, "each affected partner's admin and signatory: \(expected)")
            let got = try await sink.waitFor(expected.count)
            #expect(got.map(\.to).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) }.sorted() == expected.sorted())
            for m in got {
                #expect(m.subject.hasPrefix("Linkhaven:") && m.subject.contains("unauthorised access"), "\(m.subject)")
                #expect(m.body.contains("https://linkhaven.example/app/incidents/\(opened.id)"), "\(m.body)")
            }
            // The sink has them; the outbox records each as sent (once) and the audit log each sending, a moment after.
            let clock = ContinuousClock(), until = clock.now + .seconds(30)
            func settled() async throws -> Bool {
                let outbox = try await MailMessage.query(on: h.app.db).all()
                let audited = try await AuditEventModel.query(on: h.app.db).filter(\.$action == "mail.send").count()
                return outbox.count == expected.count && outbox.allSatisfy { $0.sentAt != nil && $0.attempts == 1 } && audited == expected.count
            }
            while try await !settled(), clock.now < until { try await Task.sleep(for: .milliseconds(100)) }
            #expect(try await settled())
            // A notification that is not urgent stays in the app only.
            _ = try await h.client.call(API.addIncidentEntry, opened.id.uuidString, body: IncidentEntryIn(kind: .note, text: "The account was disabled"),
                                        token: f.police[.orgAdmin]!)
            #expect(try await MailMessage.query(on: h.app.db).count() == expected.count)
        }
    }

    @Test func mailWaitsWhileTheRelayIsDownAndGoesOnceItIsBack() async throws {
        let port = try SMTPSink.freePort()
        try await Harness.run(configure: { $0.smtpRelay = "127.0.0.1:\(port)"; $0.mailInterval = 0.2 }) { h in
            let f = try await IngestFixture.make(h)
            _ = try await h.client.call(API.recordIncident, body: IncidentIn(
                project: UUID(uuidString: f.project)!, kind: .other, discoveredAt: h.clock.now, description: "A test of the mail relay",
                severity: 1, likelihood: 1), token: f.county[.signatory]!)
            let waiting = try await MailMessage.query(on: h.app.db).count()
            #expect(waiting > 0)
            // Nothing listens yet: every attempt fails and is kept.
            let clock = ContinuousClock(), until = clock.now + .seconds(20)
            while try await MailMessage.query(on: h.app.db).filter(\.$attempts >= 2).count() < waiting, clock.now < until { try await Task.sleep(for: .milliseconds(100)) }
            let failed = try await MailMessage.query(on: h.app.db).all()
            #expect(failed.allSatisfy { $0.sentAt == nil && $0.attempts >= 2 && $0.lastError.contains("cannot connect") }, "\(failed.map(\.lastError))")
            let sink = try SMTPSink(port: port)
            defer { sink.stop() }
            #expect(try await sink.waitFor(waiting).count == waiting)
            let again = clock.now + .seconds(10)
            while try await MailMessage.query(on: h.app.db).filter(\.$sentAt == nil).count() > 0, clock.now < again { try await Task.sleep(for: .milliseconds(100)) }
            #expect(try await MailMessage.query(on: h.app.db).filter(\.$sentAt == nil).count() == 0)
        }
    }
}
