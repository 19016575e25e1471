import Fluent
import Foundation
import LinkhavenCore
import SQLKit
import Vapor

func caseRoutes(_ api: any RoutesBuilder) {
    api.on(API.notifications) { req in
        let c = try await req.caller()
        let limit = try req.query.get(Int?.self, at: "limit") ?? 200
        guard (1...200).contains(limit) else { throw Abort(.badRequest, reason: "limit must be a whole number from 1 to 200") }
        return try await req.notifications(for: c, limit: limit)
    }

    api.on(API.markNotificationRead) { req in
        let c = try await req.caller()
        guard let n = try await Notification.find(req.parameters.get("n", as: UUID.self), on: req.db), n.organisation == c.organisationID else {
            throw Abort(.notFound, reason: "no such notification")
        }
        n.readAt = req.now
        try await n.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "notification.read", object: "notification/\(try n.requireID())")
        return NoBody()
    }
}

extension Request {
    /// The newest `limit` notifications for the caller's organisation (one statement: every page shows them).
    func notifications(for c: Caller, limit: Int) async throws -> [NotificationOut] {
        guard let org = c.organisationID else { return [] }
        return try await db.rows("""
            SELECT id, kind, subject, object, created_at, read_at FROM notifications
            WHERE organisation = \(bind: org) ORDER BY created_at DESC, id LIMIT \(literal: max(0, limit))
            """).map {
            NotificationOut(id: try $0.decode(column: "id", as: UUID.self), kind: try $0.decode(column: "kind", as: String.self),
                            subject: try $0.decode(column: "subject", as: String.self), object: try $0.decode(column: "object", as: String.self),
                            createdAt: try $0.decode(column: "created_at", as: Date.self), read: !(try $0.decodeNil(column: "read_at")))
        }
    }
}
