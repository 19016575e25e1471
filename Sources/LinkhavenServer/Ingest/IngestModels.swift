import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// A provider's dataset in a project: the versions it has uploaded, and how long they may be kept.
final class Dataset: Model, @unchecked Sendable {
    static let schema = "datasets"
    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "agreement_id") var agreementID: UUID
    @Field(key: "name") var name: String
    @Field(key: "provider") var provider: UUID
    /// active, or destroyed.
    @Field(key: "status") var status: DatasetStatus
    /// When the data must be destroyed (from the agreement's retention, plus extensions).
    @Field(key: "retain_until") var retainUntil: Date
    @Field(key: "extensions_used") var extensionsUsed: Int
    @Field(key: "created_at") var createdAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $projectID, $agreementID, $name, $provider, $status, $retainUntil, $extensionsUsed, $createdAt] }
    init() {}
}


/// One accepted upload of a dataset, stored encrypted under its own data key.
final class DatasetVersion: Model, @unchecked Sendable {
    static let schema = "dataset_versions"
    @ID(key: .id) var id: UUID?
    @Field(key: "dataset_id") var datasetID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "status") var status: VersionStatus
    /// SHA-256 of the pseudonymised file as the provider made it (the manifest's), and of the encrypted file as stored.
    @Field(key: "content_sha256") var contentSHA256: String
    @Field(key: "stored_sha256") var storedSHA256: String
    @Field(key: "stored_name") var storedName: String
    /// The data key, wrapped by the master key; empty once destroyed (crypto-shredding).
    @Field(key: "wrapped_key") var wrappedKey: String
    @Field(key: "rows") var rows: Int
    @Field(key: "bytes") var bytes: Int
    @Field(key: "manifest") var manifest: String
    @Field(key: "quality") var quality: String
    @Field(key: "upload_id") var uploadID: UUID
    @Field(key: "accepted_at") var acceptedAt: Date
    @OptionalField(key: "retired_at") var retiredAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $datasetID, $number, $status, $contentSHA256, $storedSHA256, $storedName, $wrappedKey, $rows, $bytes, $manifest, $quality,
         $uploadID, $acceptedAt, $retiredAt]
    }
    init() {}
}


/// An upload in progress or finished: received encrypted in a staging file, then validated.
final class Upload: Model, @unchecked Sendable {
    static let schema = "uploads"
    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "dataset") var dataset: String
    @Field(key: "organisation") var organisation: UUID
    /// The API token that announced it; for a file dropped through the SFTP drop-box (`channel` sftp), the
    /// nil UUID: sshd, not Linkhaven, chose which of the account's keys opened it.
    @Field(key: "token_id") var tokenID: UUID
    /// `https` (the API) or `sftp` (the drop-box).
    @Field(key: "channel") var channel: String
    @Field(key: "manifest") var manifest: String
    /// Declared size and SHA-256 of the bytes as sent (gzip or plain), and the encoding.
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "encoding") var encoding: String
    @Field(key: "status") var status: UploadStatus
    /// The staging key, wrapped by the master key; emptied when the staging file is deleted.
    @Field(key: "wrapped_key") var wrappedKey: String
    /// JSON list of problems (line, column, reason — never values).
    @Field(key: "problems") var problems: String
    @OptionalField(key: "version_id") var versionID: UUID?
    @OptionalField(key: "incident_id") var incidentID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $projectID, $dataset, $organisation, $tokenID, $channel, $manifest, $size, $sha256, $encoding, $status, $wrappedKey,
         $problems, $versionID, $incidentID, $createdAt, $updatedAt]
    }
    init() {}
}

extension DataQualityReport: Content {}
extension DestructionCertificate: Content {}
