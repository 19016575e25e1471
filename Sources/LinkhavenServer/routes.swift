import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

struct PasswordChange: Content { var currentPassword: String; var newPassword: String }
struct OrganisationIn: Content { var name: String; var address: String; var icoReference: String; var contactEmail: String?; var contactPhone: String? }
struct OrganisationOut: Content {
    var id: UUID; var name: String; var address: String; var icoReference: String; var contactEmail: String; var contactPhone: String
    init(_ o: Organisation) throws {
        id = try o.requireID(); name = o.name; address = o.address; icoReference = o.icoReference; contactEmail = o.contactEmail; contactPhone = o.contactPhone
    }
}
struct UserIn: Content { var email: String; var name: String; var role: Role; var trainingDate: Date }
func routes(_ app: Application) throws {
    webRoutes(app)
    let api = app.grouped("api", "v1")
    governanceRoutes(api)
    assuranceRoutes(api)
    tokenRoutes(api)
    projectMemberRoutes(api)
    userAdminRoutes(api)
    twoFactorEnrolmentRoutes(api)
    projectListRoutes(api)
    boundaryRoutes(api)
    openAPIRoute(api)
    uploadRoutes(api)
    datasetRoutes(api)
    linkageRoutes(api)
    analysisRoutes(api)
    caseRoutes(api)
    qualityAndAuditRoutes(api)
    auditRequestListRoutes(api)
    sessionRoutes(api, limiter: app.platform.signInLimiter)

    api.on(API.me) { req in try await req.me(sessionToken: req.headers.bearerAuthorization?.token) }

    api.post("me", "password") { req async throws -> HTTPStatus in
        let c = try await req.caller(allowPasswordChange: true)
        let input = try req.strictBody(PasswordChange.self)
        guard let u = try await User.find(c.userID, on: req.db), try await req.platform.hasher.verify(input.currentPassword, against: u.passwordHash) else {
            try await req.audit(c, organisation: c.organisation, action: "user.password", object: "user/\(c.userID)", outcome: "denied")
            throw Abort(.forbidden, reason: "the current password is wrong")
        }
        guard input.newPassword.count >= 12, input.newPassword.count <= 200, input.newPassword != input.currentPassword else {
            throw Abort(.unprocessableEntity, reason: "the new password must be 12 to 200 characters and differ from the current one")
        }
        u.passwordHash = try await req.platform.hasher.hash(input.newPassword)
        u.passwordChangedAt = req.now
        try await u.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "user.password", object: "user/\(c.userID)")
        return .noContent
    }

    api.post("organisations") { req async throws -> Response in
        let c = try await req.caller()
        guard c.role == .operator_ else {
            try await req.audit(c, organisation: c.organisation, action: "organisation.create", object: "organisation", outcome: "denied")
            throw Abort(.forbidden, reason: "only the platform operator registers organisations")
        }
        let input = try req.strictBody(OrganisationIn.self)
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
        return try await OrganisationOut(o).encodeResponse(status: .created, for: req)
    }

    api.get("organisations") { req async throws -> [OrganisationOut] in
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

    api.post("organisations", ":org", "users") { req async throws -> Response in
        let c = try await req.caller()
        guard let org = req.parameters.get("org", as: UUID.self), let o = try await Organisation.find(org, on: req.db) else {
            throw Abort(.notFound, reason: "no such organisation")
        }
        let input = try req.strictBody(UserIn.self)
        let allowed = c.role == .operator_ || (c.role == .orgAdmin && c.organisationID == org)
        guard allowed, input.role != .operator_ else {
            try await req.audit(c, organisation: c.organisation, action: "user.create", object: "organisation/\(org)", outcome: "denied")
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
        return try await creds.encodeResponse(status: .created, for: req)
    }

    api.get("audit", "export") { req async throws -> AuditExport in
        let c = try await req.caller()
        guard [.operator_, .orgAdmin, .auditor].contains(c.role) else {
            try await req.audit(c, organisation: c.organisation, action: "audit.export", object: "audit", outcome: "denied")
            throw Abort(.forbidden, reason: "only auditors and organisation admins export the audit log")
        }
        let chain = c.role == .operator_ ? "platform" : (c.organisation ?? "platform")
        try await req.audit(c, organisation: c.organisation, action: "audit.export", object: "audit/\(chain)")
        return try await req.platform.audit.export(chain: chain, on: req.db, at: req.now, key: req.platform.signingKey)
    }

    api.get("platform", "public-key") { req async throws -> [String: String] in
        ["ed25519": req.platform.publicKey]
    }
}

extension AuditExport: Content {}

extension Request {
    /// Who holds the session `token`, with what they must do before anything else (401 without a live session).
    func me(sessionToken token: String?) async throws -> MeOut {
        let c = try await caller(sessionToken: token, allowPasswordChange: true, allowEnrolment: true)
        guard let u = storage[ResolvedSession.self]?.user else { throw Abort(.unauthorized) }
        return MeOut(id: c.userID, email: u.email, name: u.name, role: c.role, organisationID: c.organisationID, passwordChangeRequired: c.passwordChangeRequired,
                     twoFactorEnrolmentRequired: u.totpEnrolmentRequired)
    }
}
