import Crypto
import Fluent
import Foundation
import LinkhavenCore
import NIOCore
import Vapor

extension SFTPWatcher {
    /// Takes a claimed file as far as it will go — announced, staged (encrypted), its plaintext deleted, validated,
    /// receipted — starting wherever a crash left it. Returns whether its receipt was written; `false` while another
    /// process validates it (a validation a crash cut short is restarted when the platform next opens).
    func carry(_ drop: SFTPDrop) async throws -> Bool {
        var staged = false
        while true {
            let u = try await Upload.find(drop.id, on: db)
            switch u?.status {
            case nil:
                guard drop.hasManifest, drop.data == nil || drop.hasData else { drop.putBack(drop: layout.drop(drop.account)); return false }
                if let refused = try await announce(drop) {
                    try write(refused, for: drop)
                    return true
                }
            case .receiving?:
                try await stage(u!, drop)
                staged = true
            case .validating?:
                drop.dropData()
                guard staged else { return false }
                await IngestService(app: app).validate(drop.id)
                staged = false
            case let status?:
                drop.dropData()
                let out = try await u!.out(on: db, staging: platform.staging)
                try write(SFTPReceipt(file: drop.receiptName, outcome: status.rawValue, reason: out.problemSummary, upload: out, decidedAt: u!.updatedAt), for: drop)
                return true
            }
        }
    }

    /// The announcement's checks for a claimed file: a refusal (or the version the same file already is) as a receipt,
    /// or `nil` once the upload is recorded, receiving.
    func announce(_ drop: SFTPDrop) async throws -> SFTPReceipt? {
        let actor = "sftp/\(drop.account)"
        /// Every refusal is audited (as for HTTPS, by the same record) and receipted.
        func refused(_ r: UploadAnnouncement.Refusal) async throws -> SFTPReceipt {
            try await r.record(in: platform.audit, on: db, at: now, actor: actor, organisation: drop.organisation)
            return SFTPReceipt(file: drop.receiptName, outcome: "refused", reason: r.reason + "; nothing was kept", upload: nil, decidedAt: now)
        }
        func refused(_ reason: String) async throws -> SFTPReceipt {
            try await refused(UploadAnnouncement.Refusal(status: .unprocessableEntity, reason: reason))
        }
        // Claimed files are in the watcher's own folder, out of the account's reach: checked here, they stay what they are.
        guard drop.data == nil || SFTPWatcher.regularFileSize(drop.dataPath) != nil, (SFTPWatcher.regularFileSize(drop.manifestPath) ?? .max) <= 1 << 20 else {
            return try await refused("'\(drop.data ?? drop.manifest)' is not a regular file, or its manifest is too large to be one")
        }
        guard let m = FileManager.default.contents(atPath: drop.manifestPath).flatMap({ try? JSONDecoder().decode(PseudonymisationManifest.self, from: $0) }),
              drop.data != nil else {
            return try await refused("'\(drop.manifest)' is not a \(PseudonymisationManifest.currentFormat) manifest as linkhaven pseudonymise writes it")
        }
        let path = drop.dataPath
        let (size, sha256, gzip) = try await app.threadPool.runIfActive { try Self.digest(path) }
        guard let project = try await project(for: m, organisation: drop.organisation) else {
            return try await refused("no project of your organisation's partnerships has spec '\(m.project)' with key fingerprint \(m.keyFingerprint)")
        }
        let input = UploadIn(project: project, manifest: m, size: size, sha256: sha256, encoding: gzip ? "gzip" : "identity")
        let check = UploadAnnouncement(db: db, now: now)
        if let r = try await check.refusal(of: input, from: drop.organisation) { return try await refused(r) }
        // Only after the checks, as for HTTPS: the same file again is the version it already is.
        if let v = try await check.currentVersion(project: project, m), let u = try await Upload.find(v.uploadID, on: db) {
            return SFTPReceipt(file: drop.receiptName, outcome: "accepted", reason: "the same file is already version \(v.number); nothing new was kept",
                               upload: try await u.out(on: db, staging: platform.staging, duplicate: true), decidedAt: now)
        }
        let u = try Upload.announced(input, id: drop.id, organisation: drop.organisation, token: nil, at: now, masterKey: platform.masterKey)
        try await u.save(on: db)
        try await platform.audit.record(on: db, at: now, actor: actor, organisation: drop.organisation.uuidString, action: "upload.create",
                                        object: "upload/\(drop.id)")
        return nil
    }

    /// Encrypts the claimed file into staging (from the start, whatever a crash left there), makes the upload
    /// `validating`, and deletes the plaintext.
    func stage(_ u: Upload, _ drop: SFTPDrop) async throws {
        let id = drop.id, staging = platform.staging, path = drop.dataPath
        let key = try platform.masterKey.unwrap(u.wrappedKey, context: .upload(id))
        staging.remove(id)
        _ = try await app.threadPool.runIfActive { try staging.appendFile(path, id: id, key: key) }
        Failpoint.hit("sftp.staged")
        u.status = .validating
        u.updatedAt = now
        try await u.save(on: db)
        try await platform.audit.record(on: db, at: now, actor: "sftp/\(drop.account)", organisation: drop.organisation.uuidString,
                                        action: "upload.complete", object: "upload/\(id)")
        drop.dropData()
    }

    /// The one project, among those of the organisation's partnerships, whose registered spec and key made the file.
    func project(for m: PseudonymisationManifest, organisation: UUID) async throws -> UUID? {
        var found: [UUID] = []
        for p in try await Project.query(on: db).filter(\.$keyFingerprint == m.keyFingerprint).all()
        where try p.registeredSpec()?.project == m.project {
            if try await Partnership.find(p.$partnership.id, on: db)?.memberIDs.contains(organisation) == true { found.append(try p.requireID()) }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// Writes `receipt` as `receipts/<file>.json` in the organisation's chroot (readable, not writable, by the account),
    /// then lets go of the claim.
    func write(_ receipt: SFTPReceipt, for drop: SFTPDrop) throws {
        let dir = layout.receipts(drop.account)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        let w = try AtomicFileWriter(path: dir + "/" + drop.receiptName + ".json", overwrite: true, mode: 0o644)
        try w.write(Array(try e.encode(receipt)) + [0x0A])
        _ = try w.commit()
        drop.remove()
    }

    /// Size, SHA-256 and whether it is gzip, of the file at `path`, read once.
    static func digest(_ path: String) throws -> (Int, String, Bool) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw StoreError.missing(path) }
        defer { try? h.close() }
        var hasher = SHA256(), size = 0, head: [UInt8] = []
        while let d = try h.read(upToCount: 1 << 20), !d.isEmpty {
            if head.count < 2 { head += d.prefix(2 - head.count) }
            hasher.update(data: d); size += d.count
        }
        return (size, Hex.encode(hasher.finalize()), head == [0x1F, 0x8B])
    }
}

extension UploadOut {
    /// Why the upload was not accepted, in one line (its problems' reasons), or `nil` when it was.
    var problemSummary: String? {
        guard status != .accepted else { return nil }
        let reasons = problems.map(\.reason)
        return reasons.isEmpty ? nil : reasons.prefix(3).joined(separator: "; ") + (reasons.count > 3 ? "; and \(reasons.count - 3) more" : "")
    }
}
