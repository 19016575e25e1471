import Fluent
import Foundation
import Vapor

/// Sends the outbox through the configured SMTP relay: every `mailInterval`, the oldest unsent
/// messages, each at most `MailMessage.maximumAttempts` times; a failure is kept as the message's last
/// error and tried again next round. Each message sent is audited.
struct MailSender: LifecycleHandler {
    final class TaskBox: @unchecked Sendable { var task: Task<Void, Never>? }
    let box = TaskBox()

    func didBoot(_ app: Application) throws {
        guard let relay = app.platform.config.smtpRelay else { return }
        let parts = relay.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            app.logger.error("LINKHAVEN_SMTP_RELAY must be host:port; no e-mail is sent"); return
        }
        let client = SMTPClient(host: String(parts[0]), port: port)
        box.task = Task {
            while !Task.isCancelled {
                do { try await Self.sendWaiting(app, client) } catch { app.logger.report(error: error) }
                try? await Task.sleep(for: .seconds(app.platform.config.mailInterval))
            }
        }
    }

    func shutdownAsync(_ app: Application) async { box.task?.cancel() }

    /// Sends what is waiting; how many were sent.
    @discardableResult
    static func sendWaiting(_ app: Application, _ client: SMTPClient) async throws -> Int {
        let db = app.backgroundDB, config = app.platform.config
        let waiting = try await MailMessage.query(on: db).filter(\.$sentAt == nil).filter(\.$attempts < MailMessage.maximumAttempts)
            .sort(\.$createdAt).limit(50).all()
        var sent = 0
        for m in waiting {
            let id = try m.requireID(), from = config.mailFrom, now = config.now()
            let (to, subject, body) = (m.recipient, m.subject, m.body)
            do {
                try await app.threadPool.runIfActive { try client.send(from: from, to: to, subject: subject, body: body, messageID: id.uuidString, date: now) }
                m.sentAt = now; m.lastError = ""
                sent += 1
            } catch {
                m.lastError = String(describing: error).prefix(300).description
                app.logger.warning("e-mail \(id) not sent: \(m.lastError)")
            }
            m.attempts += 1
            try await m.save(on: db)
            if m.sentAt != nil {
                try await app.platform.audit.record(on: db, at: now, actor: "platform", organisation: nil, action: "mail.send", object: "mail/\(id)")
            }
        }
        return sent
    }
}
