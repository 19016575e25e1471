import Fluent
import Foundation
import SQLKit
import Vapor

/// A security credential an organisation holds (ISO 27001, Data Security and Protection Toolkit,
/// Cyber Essentials…), with its expiry; partners see each other's, and expired ones are flagged.
final class Credential: Model, @unchecked Sendable {
    static let schema = "credentials"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "scheme") var scheme: String
    @Field(key: "reference") var reference: String
    @Field(key: "expires") var expires: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $organisation, $scheme, $reference, $expires] }
    init() {}
}

func assuranceRoutes(_ api: any RoutesBuilder) {
    api.on(API.recordCredential) { req, input in
        let (c, org) = try await req.organisationAdmin("credential.create", why: "only the organisation's admin records its credentials")
        guard (1...100).contains(input.scheme.count), (1...100).contains(input.reference.count) else {
            throw Abort(.unprocessableEntity, reason: "a scheme and a reference (1–100 characters each) are required")
        }
        let cr = Credential()
        cr.$organisation.id = org; cr.scheme = input.scheme; cr.reference = input.reference; cr.expires = input.expires
        try await cr.save(on: req.db)
        try await req.audit(c, organisation: org.uuidString, action: "credential.create", object: "credential/\(try cr.requireID())")
        return NoBody()
    }

    /// Partner assurance at a glance: the credentials of every organisation that shares a
    /// partnership with the caller's (all, for the operator), expired ones flagged.
    api.on(API.assurance) { req in
        let c = try await req.caller()
        req.auditRead(c, organisation: c.organisation, action: "assurance.read", object: "credentials")
        return try await req.credentials(visibleTo: c)
    }
}

extension Request {
    /// The credentials of every organisation that shares a partnership with the caller's (all, for
    /// the operator), soonest to expire first: the partnerships naming the caller's organisation, then
    /// their members' credentials with their names, in two statements.
    func credentials(visibleTo c: Caller) async throws -> [CredentialOut] {
        var only: SQLQueryString = ""
        if c.role != .operator_ {
            let mine = c.organisationID ?? UUID()
            var visible: Set<UUID> = [mine]
            for r in try await db.rows("SELECT members FROM partnerships WHERE members LIKE \(bind: UUIDList.pattern(mine))") {
                let members = UUIDList.parse(try r.decode(column: "members", as: String.self))
                if members.contains(mine) { visible.formUnion(members) }
            }
            only = "WHERE c.organisation_id IN (\(binds: visible.sorted { $0.uuidString < $1.uuidString }))"
        }
        let now = self.now
        return try await db.rows("""
            SELECT c.organisation_id AS organisation, o.name AS name, c.scheme AS scheme, c.reference AS reference, c.expires AS expires
            FROM credentials c JOIN organisations o ON o.id = c.organisation_id \(only) ORDER BY c.expires, c.id
            """).map {
            let expires = try $0.decode(column: "expires", as: Date.self)
            return CredentialOut(organisation: try $0.decode(column: "organisation", as: UUID.self), organisationName: try $0.decode(column: "name", as: String.self),
                                 scheme: try $0.decode(column: "scheme", as: String.self), reference: try $0.decode(column: "reference", as: String.self),
                                 expires: expires, expired: expires < now)
        }
    }
}
