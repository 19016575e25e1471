import Foundation
import LinkhavenCore

/// A file the watcher has claimed from an organisation's drop: its data and manifest moved (renamed, so
/// atomically, and out of the account's reach) into the watcher's `work/<id>/`, with `origin.json` saying
/// whose it was and what it was called. `id` becomes the upload's id, so a watcher that restarts finds
/// where each claimed file had got to. Nothing of it stays once its receipt is written.
struct SFTPDrop: Codable, Sendable {
    var id: UUID
    var account: String
    var organisation: UUID
    /// The names the files had in the drop (`data` nil when only a manifest that could not be read was taken).
    var data: String?
    var manifest: String
    var directory: String

    var dataPath: String { directory + "/data" }
    var manifestPath: String { directory + "/manifest.json" }
    /// The name the receipt takes after.
    var receiptName: String { data ?? manifest }

    static func directory(work: String, id: UUID) -> String { work + "/" + id.uuidString.lowercased() }

    /// Claims `data` and `manifest` from `drop`: writes the origin first, then moves the data and last the manifest,
    /// so that a crash between the moves is undone by `putBack`. `nil` when another watcher took the file first.
    static func claim(data: String?, manifest: String, from drop: String, account: String, organisation: UUID, work: String) throws -> SFTPDrop? {
        let id = UUID()
        let c = SFTPDrop(id: id, account: account, organisation: organisation, data: data, manifest: manifest, directory: directory(work: work, id: id))
        try FileManager.default.createDirectory(atPath: c.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let w = try AtomicFileWriter(path: c.directory + "/origin.json", overwrite: false, mode: 0o600)
        try w.write(Array(try JSONEncoder().encode(c)))
        _ = try w.commit()
        if let data, rename(drop + "/" + data, c.dataPath) != 0 { try? FileManager.default.removeItem(atPath: c.directory); return nil }
        guard rename(drop + "/" + manifest, c.manifestPath) == 0 else { c.putBack(drop: drop); return nil }
        return c
    }

    /// The drops claimed and not yet receipted (after a restart, every one a crash left).
    static func claimed(work: String) -> [SFTPDrop] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []).sorted()
        return names.compactMap { name -> SFTPDrop? in
            guard UUID(uuidString: name) != nil else { return nil }
            let dir = work + "/" + name
            guard let d = FileManager.default.contents(atPath: dir + "/origin.json"), var c = try? JSONDecoder().decode(SFTPDrop.self, from: d) else {
                try? FileManager.default.removeItem(atPath: dir)   // a crash before anything was moved into it
                return nil
            }
            c.directory = dir
            return c
        }
    }

    var hasData: Bool { data != nil && FileManager.default.fileExists(atPath: dataPath) }
    var hasManifest: Bool { FileManager.default.fileExists(atPath: manifestPath) }

    /// Undoes a claim that a crash left half made: the files go back into the drop under their names.
    func putBack(drop: String) {
        if let data, hasData { rename(dataPath, drop + "/" + data) }
        if hasManifest { rename(manifestPath, drop + "/" + manifest) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Deletes the pseudonymised bytes as received (once staged, encrypted, they are the platform's copy).
    func dropData() {
        if data != nil { unlink(dataPath) }
    }

    /// Deletes everything of the claim.
    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
