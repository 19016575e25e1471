import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension OrganisationOut {
    init(_ o: Organisation) throws {
        self.init(id: try o.requireID(), name: o.name, address: o.address, icoReference: o.icoReference, contactEmail: o.contactEmail, contactPhone: o.contactPhone)
    }
}

/// Organisations and their users: the operator registers an organisation; its admin (or the operator)
/// adds its users, who get their first credentials once; each organisation sees itself and its partners.
func organisationRoutes(_ api: any RoutesBuilder) {
    api.on(API.registerOrganisation) { req, input in
        let c = try await req.caller()
        guard c.role == .operator_ else {
            try await req.audit(c, organisation: c.organisation, action: "organisation.create", object: "organisation", outcome: "denied")
            throw Abort(.forbidden, reason: "only the platform operator registers organisations")
        }
        guard (1...200).contains(input.name.count), input.address.count <= 500, (1...20).contains(input.icoReference.count) else {
            throw Abort(.unprocessableEntity, reason: "name (1–200 characters), address (up to 500) and ICO reference (1–20) are required")
        }
        guard try await Organisation.query(on: req.db).filter(\.$name == input.name).first() == nil else {
            throw Abort(.conflict, reason: "an organisation with that name is already registered")
        }
        guard input.contactEmail.map(Accounts.validEmail) ?? true, (input.contactPhone?.count ?? 0) <= 30 else {
            throw Abort(.unprocessableEntity, reason: "the contact e-mail must be valid and the phone at most 30 characters")
        }
        let o = Organisation(name: input.name, address: input.address, icoReference: input.icoReference, createdAt: req.now)
        o.contactEmail = input.contactEmail ?? ""; o.contactPhone = input.contactPhone ?? ""
        try await o.save(on: req.db)
        let id = try o.requireID()
        try await req.audit(c, organisation: id.uuidString, action: "organisation.create", object: "organisation/\(id)")
        return try OrganisationOut(o)
    }

    api.on(API.organisations) { req in
        let c = try await req.caller()
        let q = Organisation.query(on: req.db).sort(\.$name)
        if c.role != .operator_ {   // itself and its partners (organisations sharing a partnership with it)
            let own = c.organisationID ?? UUID()
            let partners = try await Partnership.query(on: req.db).all().map(\.memberIDs).filter { $0.contains(own) }.flatMap { $0 }
            q.filter(\.$id ~~ Array(Set(partners + [own])))
        }
        req.auditRead(c, organisation: c.organisation, action: "organisation.list", object: "organisations")
        return try await q.all().map { try OrganisationOut($0) }
    }

    api.on(API.addUser) { req, input in
        let c = try await req.caller()
        guard let org = req.parameters.get("org", as: UUID.self), let o = try await Organisation.find(org, on: req.db) else {
            throw Abort(.notFound, reason: "no such organisation")
        }
        let allowed = c.role == .operator_ || (c.role == .orgAdmin && c.organisationID == org)
        guard allowed, input.role != .operator_ else {
            try await req.audit(c, organisation: c.organisation, action: "user.create", object: "organisation/\(org)", outcome: "denied")
            if c.organisationID != org, c.role != .operator_ { throw Abort(.notFound, reason: "no such organisation") }   // as if there were none
            throw Abort(.forbidden, reason: "only this organisation's admin (or the operator) can add its users, and never operators")
        }
        guard Accounts.validEmail(input.email), (1...200).contains(input.name.count) else {
            throw Abort(.unprocessableEntity, reason: "a valid e-mail address and a name (1–200 characters) are required")
        }
        guard try await User.query(on: req.db).filter(\.$email == input.email.lowercased()).first() == nil else {
            throw Abort(.conflict, reason: "a user with that e-mail address exists")
        }
        var (u, creds) = try await Accounts.create(organisation: try o.requireID(), email: input.email, name: input.name, role: input.role,
                                                   trainingDate: input.trainingDate, now: req.now, platform: req.platform)
        try await u.save(on: req.db)
        creds.id = try u.requireID()
        try await req.audit(c, organisation: org.uuidString, action: "user.create", object: "user/\(creds.id)")
        return creds
    }
}
