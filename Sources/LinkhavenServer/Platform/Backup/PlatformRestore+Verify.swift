import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
import Vapor

extension PlatformRestore {
    /// What a restored platform was found to hold.
    public struct Report: Sendable {
        /// Dataset versions whose file opened with its key and hashed as recorded.
        public var versionsOpened = 0
        /// Versions destroyed (their keys erased), and the destruction certificates held.
        public var versionsDestroyed = 0, certificates = 0
        /// Versions destroyed after the backup was taken: live in it, but their keys were erased from the key vault, so
        /// they were destroyed again as the restored platform started. Each with its first certificate.
        public var destroyedSinceBackup: [DestroyedSince] = []
        public var auditChains = 0, auditEvents = 0
        public var runs: [String: Int] = [:]
        public var outputs = 0
        /// What did not hold, in words naming no data.
        public var problems: [String] = []
        public var ok: Bool { problems.isEmpty }

        /// A version destroyed after the backup: when its key was erased, and the certificate then issued.
        public struct DestroyedSince: Sendable {
            public var version: UUID
            public var erasedAt: Date
            public var certificate: UUID?
        }
    }

    /// Checks the platform `app` runs on after a restore: every live dataset version opens with its key (from the key
    /// vault) and hashes as recorded, every audit chain verifies against the platform's key, and says what runs, outputs,
    /// destroyed versions — those destroyed since the backup among them — and certificates it holds; then records
    /// `platform.restore` in the audit chain.
    public static func verify(_ app: Application, manifest: BackupManifest) async throws -> Report {
        let db = app.db, platform = app.platform
        var r = Report()
        let taken = try? AuditLog.formatter.parse(manifest.takenAt)
        for v in try await DatasetVersion.query(on: db).sort(\.$acceptedAt).all() {
            if v.status == .destroyed || v.wrappedKey.isEmpty {
                r.versionsDestroyed += 1
                if case .destroyed(let t)? = try? platform.keyVault.entry(try v.requireID()), let taken, t.erasedAt > taken {
                    r.destroyedSinceBackup.append(.init(version: try v.requireID(), erasedAt: t.erasedAt, certificate: t.certificateID))
                }
                continue
            }
            do {
                let found = try platform.storedContent(v)
                if found.sha256 == v.contentSHA256.lowercased() && found.bytes == v.bytes { r.versionsOpened += 1 } else {
                    r.problems.append("dataset version \(try v.requireID()) does not hash as recorded")
                }
            } catch {
                r.problems.append("dataset version \(try v.requireID()) does not open: \(error)")
            }
        }
        r.certificates = try await CertificateModel.query(on: db).count()
        let chains = try await AuditEventModel.query(on: db).unique().all(\.$chain).sorted()
        for chain in chains {
            let export = try await platform.audit.export(chain: chain, on: db, at: platform.config.now(), key: platform.signingKey)
            switch AuditVerifier.verify(export, trusted: platform.signingKey.publicKey) {
            case .valid(let events, _): r.auditChains += 1; r.auditEvents += events
            case .broken(let seq, let reason): r.problems.append("audit chain \(chain) is broken at event \(seq): \(reason)")
            }
        }
        for job in try await LinkageJob.query(on: db).all() { r.runs[job.status.rawValue, default: 0] += 1 }
        r.outputs = try await AnalysisOutput.query(on: db).count()
        try await platform.audit.record(on: db, at: platform.config.now(), actor: "admin-command", organisation: nil, action: "platform.restore",
                                        object: "backup/\(manifest.takenAt)", outcome: r.ok ? "success" : "failed: \(r.problems.count) problems")
        await platform.audit.settleAll(on: db)
        return r
    }
}
