import Fluent
import Foundation
import Vapor

/// A public key an organisation registered for its SFTP drop-box account.
final class SFTPKey: Model, @unchecked Sendable {
    static let schema = "sftp_keys"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "name") var name: String
    @Field(key: "key_type") var keyType: String
    /// The line sshd reads: type and base64 key, no comment.
    @Field(key: "public_key") var publicKey: String
    @Field(key: "fingerprint") var fingerprint: String
    @Field(key: "added_by") var addedBy: UUID
    @Field(key: "added_at") var addedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $organisationID, $name, $keyType, $publicKey, $fingerprint, $addedBy, $addedAt, $revokedAt] }
    init() {}

    var out: SFTPKeyOut {
        SFTPKeyOut(id: id ?? UUID(), name: name, type: keyType, fingerprint: fingerprint, addedAt: addedAt, revokedAt: revokedAt)
    }

    /// The drop-box account of an organisation: `lh-` and its ICO registration number in lower case.
    static func account(ico: String) -> String { "lh-" + ico.lowercased().filter { $0.isLetter || $0.isNumber } }
}

extension SFTPKey {
    /// Every organisation's drop-box account, with the organisation.
    static func accounts(on db: any Database) async throws -> [String: UUID] {
        var out: [String: UUID] = [:]
        for o in try await Organisation.query(on: db).all() { out[account(ico: o.icoReference)] = try o.requireID() }
        return out
    }

    /// The live keys of the organisation whose drop-box account is `account`, as sshd's
    /// `AuthorizedKeysCommand` prints them (one line each); none for an unknown account.
    static func authorizedKeys(account: String, on db: any Database) async throws -> [String] {
        guard account.hasPrefix("lh-"), account.count <= 40, let organisation = try await accounts(on: db)[account] else { return [] }
        return try await SFTPKey.query(on: db).filter(\.$organisationID == organisation).filter(\.$revokedAt == nil).sort(\.$addedAt).all()
            .map(\.publicKey)
    }
}

/// The drop-box as the server's commands see it.
public enum SFTPDropBox {
    /// The live keys of the drop-box account `account` (sshd's `AuthorizedKeysCommand`).
    public static func authorizedKeys(account: String, app: Application) async throws -> [String] {
        try await SFTPKey.authorizedKeys(account: account, on: app.db)
    }

    /// Every organisation's drop-box account name.
    public static func accounts(_ app: Application) async throws -> [String] {
        try await SFTPKey.accounts(on: app.db).keys.sorted()
    }
}
