import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor


/// An API token for the provider tool: scoped to an organisation (and optionally a project and a
/// dataset) and to actions, expiring, stored only as a hash, revocable.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "project") var project: UUID?
    @OptionalField(key: "dataset") var dataset: String?
    @Field(key: "actions") var actions: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires") var expires: Date
    @OptionalField(key: "revoked") var revoked: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $organisation, $createdBy, $name, $project, $dataset, $actions, $tokenHash, $expires, $revoked] }
    init() {}
}

extension APIToken {
    func out(token: String? = nil) throws -> TokenOut {
        TokenOut(id: try requireID(), name: name, project: project, dataset: dataset, actions: actions.split(separator: ",").compactMap { TokenAction(rawValue: String($0)) },
                 expires: expires, revoked: revoked != nil, token: token)
    }
}

extension Request {
    /// The API token presented as the bearer, if live and allowed `action`; 401 otherwise.
    func apiToken(for action: TokenAction) async throws -> APIToken {
        guard let bearer = headers.bearerAuthorization?.token, bearer.hasPrefix("lht_"), bearer.utf8.count <= 100 else {
            throw Abort(.unauthorized, reason: "an API token is required")
        }
        let hash = Hex.encode(SHA256.hash(data: Array(bearer.utf8)))
        guard let t = try await APIToken.query(on: db).filter(\.$tokenHash == hash).first(), t.revoked == nil, t.expires > now else {
            throw Abort(.unauthorized, reason: "the API token is unknown, expired or revoked")
        }
        storage[LoggedCaller.self] = LoggedCaller(user: t.createdBy, token: t.id)
        guard let owner = try await User.find(t.createdBy, on: db), !owner.isDeactivated else {
            throw Abort(.unauthorized, reason: "the API token's owner no longer has access; ask your organisation's administrator for a new token")
        }
        guard t.actions.split(separator: ",").contains(Substring(action.rawValue)) else {
            throw Abort(.forbidden, reason: "the API token does not allow \(action.rawValue)")
        }
        return t
    }
}

func tokenRoutes(_ api: any RoutesBuilder) {
    api.on(API.createToken) { req, input in
        try req.spendAllowance(req.platform.tokenLimiter, on: "new API tokens")
        let c = try await req.caller()
        guard [.provider, .orgAdmin].contains(c.role), let org = c.organisationID else {
            throw try await req.deny(c, "token.create", "only data providers and organisation admins create API tokens")
        }
        guard (1...100).contains(input.name.count), !input.actions.isEmpty, (1...365).contains(input.expiresInDays),
              (input.dataset?.count ?? 1) <= 100 else {
            throw Abort(.unprocessableEntity, reason: "a name (1–100 characters), at least one action and 1–365 days are required")
        }
        let secret = "lht_" + Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let t = APIToken()
        t.organisation = org; t.createdBy = c.userID; t.name = input.name; t.project = input.project; t.dataset = input.dataset
        t.actions = Set(input.actions.map(\.rawValue)).sorted().joined(separator: ",")
        t.tokenHash = Hex.encode(SHA256.hash(data: Array(secret.utf8))); t.expires = req.now.addingTimeInterval(Double(input.expiresInDays) * 86_400)
        try await t.save(on: req.db)
        try await req.audit(c, organisation: org.uuidString, action: "token.create", object: "token/\(try t.requireID())")
        return try t.out(token: secret)
    }

    api.on(API.tokens) { req in
        let c = try await req.caller()
        guard let org = c.organisationID else { return [] }
        req.auditRead(c, organisation: c.organisation, action: "token.list", object: "tokens")
        return try await APIToken.query(on: req.db).filter(\.$organisation == org).all().map { try $0.out() }
    }

    api.on(API.revokeToken) { req in
        let c = try await req.caller()
        guard let t = try await APIToken.find(req.parameters.get("id", as: UUID.self), on: req.db), t.organisation == c.organisationID else {
            throw Abort(.notFound, reason: "no such token in your organisation")
        }
        guard c.role == .orgAdmin || t.createdBy == c.userID else { throw try await req.deny(c, "token.revoke", "only its creator or the organisation admin revokes a token") }
        t.revoked = req.now
        try await t.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "token.revoke", object: "token/\(try t.requireID())")
        return NoBody()
    }

    /// What the presented API token may do (the provider tool checks its token with this).
    api.on(API.tokenSelf) { req in
        let t = try await req.apiToken(for: .upload)
        try await req.platform.audit.record(on: req.db, at: req.now, actor: "token/\(try t.requireID())", organisation: t.organisation.uuidString,
                                            action: "token.check", object: "token/\(try t.requireID())")
        return try t.out()
    }
}
