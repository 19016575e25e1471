import Foundation
import LinkhavenCore
import Vapor

/// The audit chain exported with a checkpoint signed by the platform's Ed25519 key, and that key, so
/// that anyone holding an export can check it was not changed.
func auditExportRoutes(_ api: any RoutesBuilder) {
    api.on(API.auditExport) { req in
        let c = try await req.caller()
        guard [.operator_, .orgAdmin, .auditor].contains(c.role) else {
            try await req.audit(c, organisation: c.organisation, action: "audit.export", object: "audit", outcome: "denied")
            throw Abort(.forbidden, reason: "only auditors and organisation admins export the audit log")
        }
        let chain = c.role == .operator_ ? "platform" : (c.organisation ?? "platform")
        try await req.audit(c, organisation: c.organisation, action: "audit.export", object: "audit/\(chain)")
        return try await req.platform.audit.export(chain: chain, on: req.db, at: req.now, key: req.platform.signingKey)
    }

    api.on(API.platformKey) { req in PlatformKeyOut(ed25519: req.platform.publicKey) }
}
