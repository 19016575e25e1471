import Fluent
import Foundation
import Vapor

/// Tells organisations what happened: a notification in the app, and a POST to the configured
/// webhook. Messages name datasets, counts and ids, never data.
struct Notifier {
    let app: Application

    struct Payload: Content { var kind: String; var organisation: UUID; var subject: String; var object: String; var at: Date }

    func notify(_ organisations: [UUID], kind: String, subject: String, object: String) async throws {
        let at = try await record(organisations, kind: kind, subject: subject, object: object, on: app.db)
        await deliver(organisations, kind: kind, subject: subject, object: object, at: at)
    }

    /// Kinds that also go by e-mail (when an SMTP relay is configured) to each organisation's admins,
    /// signatories and contact address: what needs someone at once, whether or not they are signed in.
    static let mailed: Set<String> = ["breach", "incident.opened", "incident.view", "incident.decision", "incident.closed"]

    /// Writes the notifications on `db` (a transaction, so that they appear with the change they tell
    /// of), and their e-mails to the outbox; when.
    func record(_ organisations: [UUID], kind: String, subject: String, object: String, on db: any Database) async throws -> Date {
        let config = app.platform.config, now = config.now()
        for org in Set(organisations) {
            let n = Notification()
            n.organisation = org; n.kind = kind; n.subject = subject; n.object = object; n.createdAt = now
            try await n.save(on: db)
            guard config.smtpRelay != nil, Self.mailed.contains(kind) else { continue }
            for address in try await Self.recipients(of: org, on: db) {
                let m = MailMessage()
                m.recipient = address; m.subject = "Linkhaven: " + subject.prefix(150); m.createdAt = now; m.attempts = 0; m.lastError = ""
                m.body = subject + "\n\nSee " + config.publicURL + "/app/" + Self.page(object) + "\n\n"
                    + "You receive this as an administrator, signatory or contact of a partner organisation on Linkhaven."
                try await m.save(on: db)
            }
        }
        return now
    }

    /// The organisation's active admins and signatories, and its contact address.
    static func recipients(of org: UUID, on db: any Database) async throws -> [String] {
        let users = try await User.query(on: db).filter(\.$organisation.$id == org).filter(\.$role ~~ [Role.orgAdmin.rawValue, Role.signatory.rawValue])
            .filter(\.$deactivatedAt == nil).all().map(\.email)
        let contact = try await Organisation.find(org, on: db)?.contactEmail ?? ""
        return Array(Set(users + (contact.contains("@") ? [contact] : []))).sorted()
    }

    /// The web page of a notification's object ("incident/ID" → "incidents/ID").
    static func page(_ object: String) -> String {
        let parts = object.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return "" }
        return (parts[0].hasSuffix("s") ? String(parts[0]) : parts[0] + "s") + "/" + parts[1]
    }

    /// Posts the notifications to the configured webhook, if any (after they are recorded; a failure is logged).
    func deliver(_ organisations: [UUID], kind: String, subject: String, object: String, at now: Date) async {
        for org in Set(organisations) {
            if let url = app.platform.config.webhookURL {
                let payload = Payload(kind: kind, organisation: org, subject: subject, object: object, at: now)
                do {
                    let r = try await app.client.post(URI(string: url), headers: ["Content-Type": "application/json"]) { try $0.content.encode(payload) }
                    if r.status.code >= 300 { app.logger.warning("webhook answered \(r.status.code) for a \(kind) notification") }
                } catch {
                    app.logger.warning("webhook delivery failed for a \(kind) notification: \(error)")
                }
            }
        }
    }
}
