import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// What bringing the key vault and the database into agreement did.
struct KeyVaultReconciliation: Sendable {
    /// Keys the database still held (made before the vault), moved into it.
    var adopted = 0
    /// Versions the database held live whose keys the vault had erased (the database is older than their destruction:
    /// restored from a backup), destroyed again; with the first certificate of each.
    var destroyedAgain: [DestroyedAgain] = []
    /// Keys the vault still held of versions the database says are destroyed (an old copy of the vault put back), erased.
    var erasedAgain = 0

    struct DestroyedAgain: Sendable {
        var version: UUID
        var erasedAt: Date
        var certificateID: UUID?
    }
}

extension IngestService {
    /// Brings the key vault and the database into agreement, at every start (and so after a restore): keys still in
    /// the database go into the vault; a version the database holds live whose key the vault has erased is destroyed
    /// again — its first certificate put back beside the new one — with whatever was derived from it since; and a key
    /// the vault holds for a version the database says is destroyed is erased. Each is audited.
    @discardableResult
    func reconcileKeyVault() async throws -> KeyVaultReconciliation {
        var r = KeyVaultReconciliation()
        let vault = platform.keyVault
        for v in try await DatasetVersion.query(on: db).filter(\.$wrappedKey != "").filter(\.$wrappedKey != KeyVault.marker).all() {
            let id = try v.requireID()
            if case .destroyed = try vault.entry(id) {} else { try vault.put(id, wrapped: v.wrappedKey) }
            v.wrappedKey = KeyVault.marker
            try await v.save(on: db)
            r.adopted += 1
        }
        if r.adopted > 0 { try await audit("platform", nil, "platform.key-vault.adopt", "key-vault/\(r.adopted)-keys") }

        // Only the live versions the vault holds a tombstone for have it read (the rest are one directory listing),
        // and only the columns used are read of them.
        var erased: [UUID: [(DatasetVersion, KeyVault.Tombstone)]] = [:]
        let tombstones = Set(try vault.listing().destroyed)
        for v in try await DatasetVersion.query(on: db).filter(\.$wrappedKey == KeyVault.marker)
            .field(\.$id).field(\.$datasetID).field(\.$number).sort(\.$number).all() where tombstones.contains(try v.requireID()) {
            if case .destroyed(let t) = try vault.entry(try v.requireID()) { erased[v.datasetID, default: []].append((v, t)) }
        }
        for (datasetID, found) in erased.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard let dataset = try await Dataset.find(datasetID, on: db) else { continue }
            var original: DestructionCertificate?
            for (_, t) in found {
                guard let id = t.certificateID, let document = t.certificate else { continue }
                original = original ?? (try? JSONDecoder().decode(DestructionCertificate.self, from: Data(document.utf8)))
                guard try await CertificateModel.find(id, on: db) == nil else { continue }
                let m = CertificateModel()
                m.id = id; m.datasetID = datasetID; m.document = document; m.createdAt = t.erasedAt
                try await m.save(on: db)
            }
            let first = found.map(\.1).min { $0.erasedAt < $1.erasedAt }!
            let whole = found.contains { $0.1.wholeDataset }
            let reason = "destroyed on \(AuditLog.formatter.format(first.erasedAt))"
                + (first.certificateID.map { " (certificate \($0))" } ?? "")
                + ", after the state this database was restored from; its keys stay erased and the destruction is applied again"
            try await destroy(dataset, versions: whole ? nil : Set(found.map(\.0.number)), reason: reason,
                              clause: original?.clause ?? "agreement section 7 (data retention)", actor: "platform")
            r.destroyedAgain += found.compactMap { v, t in v.id.map { .init(version: $0, erasedAt: t.erasedAt, certificateID: t.certificateID) } }
        }

        let destroyed = Dictionary(uniqueKeysWithValues: try await DatasetVersion.query(on: db).filter(\.$wrappedKey == "")
            .field(\.$id).field(\.$datasetID).all().compactMap { v in v.id.map { ($0, v) } })
        for id in try vault.listing().keys {
            guard let v = destroyed[id] else { continue }   // live, or not this database's (yet)
            try vault.shred(id, dataset: v.datasetID, wholeDataset: false, at: now)
            try await audit("platform", nil, "platform.key-vault.erase", "dataset-version/\(id)")
            r.erasedAgain += 1
        }
        if !r.destroyedAgain.isEmpty || r.erasedAgain > 0 {
            app.logger.notice("key vault: \(r.destroyedAgain.count) dataset versions destroyed again, \(r.erasedAgain) keys erased again")
        }
        return r
    }
}
