import Foundation
import LinkhavenCore

/// A dataset: active while kept; destroying while its versions' keys and data are destroyed (a
/// destruction interrupted part-way is finished at the next start or sweep); destroyed once all are,
/// its certificates remaining.
public enum DatasetStatus: String, APIEnum {
    case active, destroying, destroyed

    /// Whether a dataset in this status may move to `next`.
    public func allows(_ next: DatasetStatus) -> Bool {
        switch (self, next) {
        case (.active, .destroying), (.destroying, .destroyed): true
        default: false
        }
    }
}

/// One version of a dataset.
public struct VersionOut: Codable, Sendable, Equatable {
    public var number: Int; public var status: VersionStatus; public var rows: Int; public var bytes: Int; public var contentSHA256: String
    public var acceptedAt: Date; public var retiredAt: Date?
    /// `true` once the version is no longer current: results built on it are stale.
    public var stale: Bool
    public init(number: Int, status: VersionStatus, rows: Int, bytes: Int, contentSHA256: String, acceptedAt: Date, retiredAt: Date?, stale: Bool) {
        self.number = number; self.status = status; self.rows = rows; self.bytes = bytes; self.contentSHA256 = contentSHA256
        self.acceptedAt = acceptedAt; self.retiredAt = retiredAt; self.stale = stale
    }
}

/// A dataset of a project: who provides it, how long it is kept, and its versions.
public struct DatasetOut: Codable, Sendable, Equatable {
    public var id: UUID; public var project: UUID; public var name: String; public var provider: UUID; public var status: DatasetStatus
    public var retainUntil: Date
    public var extensionsUsed: Int; public var versions: [VersionOut]
    public init(id: UUID, project: UUID, name: String, provider: UUID, status: DatasetStatus, retainUntil: Date, extensionsUsed: Int,
                versions: [VersionOut]) {
        self.id = id; self.project = project; self.name = name; self.provider = provider; self.status = status; self.retainUntil = retainUntil
        self.extensionsUsed = extensionsUsed; self.versions = versions
    }
}

/// Why a dataset's retention is extended (why the data are still needed); kept in the audit trail.
/// It may be left out (earlier clients sent no body); the web form asks for it.
public struct RetentionExtensionIn: OmittableBody, Equatable {
    public var reason: String?
    public init() { reason = nil }
    public init(reason: String?) { self.reason = reason }
}

extension API {
    public static let datasets = Endpoint<NoBody, [DatasetOut]>(
        .get, "/api/v1/projects/{id}/datasets", "The project's datasets, versions and retention", who: "project access")
    public static let dataset = Endpoint<NoBody, DatasetOut>(
        .get, "/api/v1/datasets/{dataset}", "A dataset with its versions", who: "project access")
    public static let versionQuality = Endpoint<NoBody, DataQualityReport>(
        .get, "/api/v1/datasets/{dataset}/versions/{n}/quality", "A version's data quality report", who: "project access")
    public static let retractVersion = Endpoint<NoBody, DestructionCertificate>(
        .post, "/api/v1/datasets/{dataset}/versions/{n}/retract", "Retract a version (destroyed at once, with a certificate)", who: "the provider")
    public static let destroyDataset = Endpoint<NoBody, DestructionCertificate>(
        .post, "/api/v1/datasets/{dataset}/destroy", "Destroy the dataset early, with a certificate", who: "the provider")
    public static let extendRetention = Endpoint<RetentionExtensionIn, DatasetOut>(
        .post, "/api/v1/datasets/{dataset}/extend", "Extend retention by one agreed increment ({reason}, kept in the audit trail)",
        who: "agreement owner admin or signatory")
    public static let certificates = Endpoint<NoBody, [DestructionCertificate]>(
        .get, "/api/v1/datasets/{dataset}/certificates", "Signed destruction certificates", who: "project access")
    public static let retentionSweep = Endpoint<NoBody, [DestructionCertificate]>(
        .post, "/api/v1/retention/sweep", "Destroy everything past its retention now", who: "operator")

    static let datasetOperations: [Operation] = [
        datasets.operation, dataset.operation, versionQuality.operation, retractVersion.operation, destroyDataset.operation,
        extendRetention.operation, certificates.operation, retentionSweep.operation,
    ]
}
