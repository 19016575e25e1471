import Foundation
import LinkhavenCore

/// A problem with an upload: where (line, column) and what, never the value.
public struct UploadProblem: Codable, Equatable, Sendable {
    public var line: Int?; public var column: String?; public var reason: String
    public init(line: Int? = nil, column: String? = nil, reason: String) { self.line = line; self.column = column; self.reason = reason }
}

/// An upload announced by the provider tool: the project, the file's manifest, and the bytes to come.
public struct UploadIn: Codable, Sendable, Equatable {
    public var project: UUID; public var manifest: PseudonymisationManifest; public var size: Int
    /// SHA-256 of the bytes sent (64 hex digits).
    public var sha256: String
    /// `identity` (the default) or `gzip`.
    public var encoding: String?
    public init(project: UUID, manifest: PseudonymisationManifest, size: Int, sha256: String, encoding: String?) {
        self.project = project; self.manifest = manifest; self.size = size; self.sha256 = sha256; self.encoding = encoding
    }
}

/// Where an upload stands: bytes received, and once decided its version, problems or incident.
public struct UploadOut: Codable, Sendable, Equatable {
    public var id: UUID; public var project: UUID; public var dataset: String; public var status: UploadStatus; public var received: Int
    public var size: Int
    public var problems: [UploadProblem]; public var version: Int?; public var incident: UUID?
    /// The same file was already a version of the dataset: nothing new was kept.
    public var duplicate: Bool?
    public init(id: UUID, project: UUID, dataset: String, status: UploadStatus, received: Int, size: Int, problems: [UploadProblem],
                version: Int?, incident: UUID?, duplicate: Bool?) {
        self.id = id; self.project = project; self.dataset = dataset; self.status = status; self.received = received; self.size = size
        self.problems = problems; self.version = version; self.incident = incident; self.duplicate = duplicate
    }
}

extension API {
    public static let createUpload = Endpoint<UploadIn, UploadOut>(
        .post, "/api/v1/uploads", "Announce an upload: manifest, size, SHA-256, encoding; checked against the agreement, key and spec (200: the same file again, `duplicate`)",
        who: "API token with upload", success: 201, also: [200])
    public static let projectUploads = Endpoint<NoBody, [UploadOut]>(
        .get, "/api/v1/projects/{id}/uploads", "The caller's organisation's uploads to the project, newest first", who: "project access")
    public static let upload = Endpoint<NoBody, UploadOut>(
        .get, "/api/v1/uploads/{id}", "An upload's status, bytes received, problems, version or incident", who: "API token with upload")
    public static let uploadQuality = Endpoint<NoBody, DataQualityReport>(
        .get, "/api/v1/uploads/{id}/quality", "The data quality report of the version an accepted upload became", who: "API token with upload")
    public static let uploadContent = Endpoint<Bytes, UploadOut>(
        .put, "/api/v1/uploads/{id}/content", "Append bytes at the Upload-Offset header's offset (streamed; resumable)", who: "API token with upload")
    public static let completeUpload = Endpoint<NoBody, UploadOut>(
        .post, "/api/v1/uploads/{id}/complete", "Finish sending: validation and the breach guard run (200 if it had already finished)",
        who: "API token with upload", success: 202, also: [200])

    static let uploadOperations: [Operation] = [
        createUpload.operation, projectUploads.operation, upload.operation, uploadQuality.operation, uploadContent.operation, completeUpload.operation,
    ]
}
