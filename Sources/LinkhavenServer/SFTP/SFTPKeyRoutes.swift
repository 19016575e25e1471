import Fluent
import Foundation
import Vapor

/// An organisation's admin registers and revokes the public keys of its SFTP drop-box account. A key is
/// checked (type, size, form) and kept without its comment; one key belongs to one organisation only;
/// each change is audited; the fingerprints are shown, never more.
func sftpKeyRoutes(_ api: any RoutesBuilder) {
    api.on(API.sftpAccount) { req in
        let (c, org) = try await req.organisationAdmin("sftp.keys.read")
        let account = try await req.sftpAccount(org)
        req.auditRead(c, organisation: c.organisation, action: "sftp.keys.read", object: "organisation/\(org)")
        return account
    }

    api.on(API.addSFTPKey) { req, input in
        let (c, org) = try await req.organisationAdmin("sftp.key.add")
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw Abort(.unprocessableEntity, reason: "a name of 1–100 characters saying whose or which machine's key it is is required") }
        guard input.publicKey.count <= 16_384 else { throw Abort(.unprocessableEntity, reason: "that is too long for a public key") }
        let key: SSHPublicKey
        switch SSHPublicKey.parse(input.publicKey) {
        case .success(let k): key = k
        case .failure(let problem): throw Abort(.unprocessableEntity, reason: problem.description)
        }
        guard try await SFTPKey.query(on: req.db).filter(\.$fingerprint == key.fingerprint).first() == nil else {
            throw Abort(.conflict, reason: "this key is already registered (\(key.fingerprint)); make a new key pair for each account")
        }
        let k = SFTPKey()
        k.organisationID = org; k.name = name; k.keyType = key.type; k.publicKey = key.authorizedKeysLine; k.fingerprint = key.fingerprint
        k.addedBy = c.userID; k.addedAt = req.now
        try await k.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "sftp.key.add", object: "sftp-key/\(try k.requireID())")
        return k.out
    }

    api.on(API.revokeSFTPKey) { req in
        let (c, org) = try await req.organisationAdmin("sftp.key.revoke")
        guard let id = req.parameters.get("key", as: UUID.self),
              let k = try await SFTPKey.query(on: req.db).filter(\.$id == id).filter(\.$organisationID == org).first() else {
            throw Abort(.notFound, reason: "no such key for this organisation")
        }
        guard k.revokedAt == nil else { throw Abort(.conflict, reason: "this key is already revoked") }
        k.revokedAt = req.now
        try await k.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "sftp.key.revoke", object: "sftp-key/\(id)")
        return k.out
    }
}

extension Request {
    func sftpAccount(_ org: UUID) async throws -> SFTPAccountOut {
        guard let o = try await Organisation.find(org, on: db) else { throw Abort(.notFound, reason: "no such organisation") }
        let keys = try await SFTPKey.query(on: db).filter(\.$organisationID == org).sort(\.$addedAt).all()
        return SFTPAccountOut(account: SFTPKey.account(ico: o.icoReference), keys: keys.map(\.out))
    }
}
