import Fluent
import Foundation
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
    /// the operator), soonest to expire first.
    func credentials(visibleTo c: Caller) async throws -> [CredentialOut] {
        var visible: Set<UUID>? = nil
        if c.role != .operator_ {
            let mine = c.organisationID ?? UUID()
            visible = [mine]
            for p in try await Partnership.query(on: db).holding(mine, in: \.$members) { visible!.formUnion(p.memberIDs) }
        }
        let query = Credential.query(on: db).with(\.$organisation).sort(\.$expires)
        if let visible { query.filter(\.$organisation.$id ~~ Array(visible)) }
        return try await query.all().map {
            CredentialOut(organisation: $0.$organisation.id, organisationName: $0.organisation.name, scheme: $0.scheme, reference: $0.reference,
                          expires: $0.expires, expired: $0.expires < now)
        }
    }
}
