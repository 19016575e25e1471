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
    init() {}

    var out: SFTPKeyOut {
        SFTPKeyOut(id: id ?? UUID(), name: name, type: keyType, fingerprint: fingerprint, addedAt: addedAt, revokedAt: revokedAt)
    }

    /// The drop-box account of an organisation: `lh-` and its ICO registration number in lower case.
    static func account(ico: String) -> String { "lh-" + ico.lowercased().filter { $0.isLetter || $0.isNumber } }
}
