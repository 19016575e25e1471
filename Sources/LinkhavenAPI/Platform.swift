import Foundation
import LinkhavenCore

/// The platform's Ed25519 public key, which signs the audit chain's checkpoints (base64).
public struct PlatformKeyOut: Codable, Sendable, Equatable {
    public var ed25519: String
    public init(ed25519: String) { self.ed25519 = ed25519 }
}

extension API {
    public static let auditExport = Endpoint<NoBody, AuditExport>(
        .get, "/api/v1/audit/export", "Export the audit chain with a signed checkpoint", who: "operator, org admin, auditor")
    public static let platformKey = Endpoint<NoBody, PlatformKeyOut>(
        .get, "/api/v1/platform/public-key", "The platform's Ed25519 checkpoint key", who: "anyone")

    public static let openAPI = Endpoint<NoBody, JSONDocument>(.get, "/api/v1/openapi.json", "This document", who: "anyone")

    static let platformOperations: [Operation] = [auditExport.operation, platformKey.operation, openAPI.operation]
}
