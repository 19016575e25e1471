import Foundation

/// A public key an organisation's admin registers for its SFTP drop-box account: a name saying whose
/// or which machine's it is, and the OpenSSH public key line.
public struct SFTPKeyIn: Codable, Sendable, Equatable {
    public var name: String; public var publicKey: String
    public init(name: String, publicKey: String) { self.name = name; self.publicKey = publicKey }
}

/// A registered key as the platform keeps it: its type and fingerprint (as `ssh-keygen -l` prints it),
/// when it was added, and when it was revoked (it then opens nothing).
public struct SFTPKeyOut: Codable, Sendable, Equatable {
    public var id: UUID; public var name: String; public var type: String; public var fingerprint: String
    public var addedAt: Date; public var revokedAt: Date?
    public init(id: UUID, name: String, type: String, fingerprint: String, addedAt: Date, revokedAt: Date?) {
        self.id = id; self.name = name; self.type = type; self.fingerprint = fingerprint; self.addedAt = addedAt; self.revokedAt = revokedAt
    }
}

/// The organisation's drop-box account and its keys.
public struct SFTPAccountOut: Codable, Sendable, Equatable {
    /// The account name scheduled jobs connect as (`user@host`).
    public var account: String
    public var keys: [SFTPKeyOut]
    public init(account: String, keys: [SFTPKeyOut]) { self.account = account; self.keys = keys }
}

/// What became of a file dropped through the SFTP drop-box, written to the organisation's `receipts/<file>.json`
/// once it is decided: the upload it became, as the API shows one (accepted with its version, rejected with its
/// problems, or a breach with its incident), or why it was refused before any of it was kept. Never a value.
public struct SFTPReceipt: Codable, Sendable, Equatable {
    /// The data file's name in the drop.
    public var file: String
    /// `accepted`, `rejected`, `breach` (the upload's status) or `refused` (not taken at all).
    public var outcome: String
    /// Why, in words, when it was not accepted.
    public var reason: String?
    public var upload: UploadOut?
    public var decidedAt: Date
    public init(file: String, outcome: String, reason: String?, upload: UploadOut?, decidedAt: Date) {
        self.file = file; self.outcome = outcome; self.reason = reason; self.upload = upload; self.decidedAt = decidedAt
    }
}

extension API {
    public static let sftpAccount = Endpoint<NoBody, SFTPAccountOut>(
        .get, "/api/v1/organisations/{org}/sftp-keys", "The organisation's SFTP drop-box account and its keys (fingerprints, never more)", who: "its admin")
    public static let addSFTPKey = Endpoint<SFTPKeyIn, SFTPKeyOut>(
        .post, "/api/v1/organisations/{org}/sftp-keys", "Register a public key for the organisation's SFTP drop-box", who: "its admin", success: 201)
    public static let revokeSFTPKey = Endpoint<NoBody, SFTPKeyOut>(
        .post, "/api/v1/organisations/{org}/sftp-keys/{key}/revoke", "Revoke a key: it opens nothing from the next connection", who: "its admin")

    static let sftpOperations: [Operation] = [sftpAccount.operation, addSFTPKey.operation, revokeSFTPKey.operation]
}
