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

    /// Writes the notifications on `db` (a transaction, so that they appear with the change they tell of); when.
    func record(_ organisations: [UUID], kind: String, subject: String, object: String, on db: any Database) async throws -> Date {
        let now = app.platform.config.now()
        for org in Set(organisations) {
            let n = Notification()
            n.organisation = org; n.kind = kind; n.subject = subject; n.object = object; n.createdAt = now
            try await n.save(on: db)
        }
        return now
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
