import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// The drop-box watcher: looks into every organisation's drop, claims each pseudonymised file once its
/// manifest has arrived and neither has changed for `settle` seconds (a file still being written is left
/// alone), and sends it through the same ingest as an HTTPS upload — the announcement's checks, encryption
/// at rest, the breach guard, the quality report — then writes a receipt into the organisation's
/// `receipts/`. One watcher looks at a time (a lock on `work/.lock`), whichever process runs it.
struct SFTPWatcher: Sendable {
    let app: Application
    let layout: SFTPLayout
    var settle: TimeInterval

    init(app: Application, root: String, settle: TimeInterval? = nil) {
        self.app = app
        self.layout = SFTPLayout(root: root)
        self.settle = settle ?? app.platform.config.sftpSettle
    }

    var db: any Database { app.backgroundDB }
    var platform: Platform { app.platform }
    var now: Date { platform.config.now() }

    /// One look at every drop: first the files already claimed (a restart finishes what a crash left), then the
    /// new ones. Returns the receipts written; none when another watcher is looking.
    @discardableResult
    func pass() async throws -> Int {
        try FileManager.default.createDirectory(atPath: layout.work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard let lock = ExclusiveFileLock(path: layout.work + "/.lock") else { return 0 }
        defer { lock.release() }
        var receipts = 0
        let accounts = try await SFTPKey.accounts(on: db)
        for drop in SFTPDrop.claimed(work: layout.work) {
            guard accounts[drop.account] == drop.organisation else { drop.remove(); continue }   // the organisation is gone
            if try await carry(drop) { receipts += 1 }
        }
        for (account, organisation) in accounts.sorted(by: { $0.key < $1.key }) {
            for drop in try claim(account: account, organisation: organisation) {
                if try await carry(drop) { receipts += 1 }
            }
        }
        return receipts
    }

    /// Claims the files of `account`'s drop that are ready: a manifest (`*.manifest.json`) and the data file it names
    /// (or that name with `.gz`), neither changed for `settle` seconds. A manifest that cannot be read is claimed alone,
    /// to be refused. Hidden names (an `sftp` client's partial files) are never touched.
    func claim(account: String, organisation: UUID) throws -> [SFTPDrop] {
        let drop = layout.drop(account)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: drop) else { return [] }
        let present = Set(names)
        var claimed: [SFTPDrop] = []
        for name in names.sorted() where name.hasSuffix(".manifest.json") && !name.hasPrefix(".") && settled(drop + "/" + name) {
            // A manifest is small; anything larger is not one (and is not read into memory).
            let small = (Self.regularFileSize(drop + "/" + name) ?? .max) <= 1 << 20
            let manifest = small ? FileManager.default.contents(atPath: drop + "/" + name).flatMap { try? JSONDecoder().decode(PseudonymisationManifest.self, from: $0) } : nil
            var data: String?
            if let manifest {
                let file = (manifest.file as NSString).lastPathComponent
                guard let found = [file, file + ".gz"].first(where: { present.contains($0) && !$0.hasPrefix(".") }),
                      settled(drop + "/" + found) else { continue }   // the data file has not arrived, or is still arriving
                data = found
            }
            Failpoint.hit("sftp.before-claim")
            if let c = try SFTPDrop.claim(data: data, manifest: name, from: drop, account: account, organisation: organisation, work: layout.work) {
                claimed.append(c)
            }
        }
        return claimed
    }

    /// Whether the regular file at `path` (never a link: an account must not make the watcher read outside its drop)
    /// has not changed for `settle` seconds (file times are real time, not the platform's clock).
    func settled(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        return Date().timeIntervalSince1970 - Double(st.st_mtim.tv_sec) >= settle
    }

    /// The size of the regular file at `path`, or `nil` when it is anything else (a link, a folder) or missing.
    static func regularFileSize(_ path: String) -> Int? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }
}

/// An exclusive `flock` on a file, taken without waiting; the kernel lets go if the holder dies.
final class ExclusiveFileLock: Sendable {
    let fd: Int32

    init?(path: String) {
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); return nil }
    }

    func release() { flock(fd, LOCK_UN); close(fd) }
}
