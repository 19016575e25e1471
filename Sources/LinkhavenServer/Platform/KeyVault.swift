import Foundation
import LinkhavenCore
#if canImport(Glibc)
import Glibc
#endif

/// The data keys of stored dataset versions, each wrapped by the master key, kept in a directory of their own outside
/// the database — and so outside every backup. Destroying a version erases its key here, leaving a tombstone that
/// records when (and, once issued, the signed destruction certificate); a database restored from a backup taken before
/// the destruction still names the version, but its key is gone for good and the platform applies the destruction
/// again (`IngestService.reconcileKeyVault`, at every start). So the vault is never backed up with the data: the operator keeps one current copy
/// (replicated storage, or a mirror refreshed after every change), never old ones.
///
/// One file per version, `<id>.key` (the wrapped key) or `<id>.destroyed` (the tombstone, JSON), each written whole to
/// a temporary name and renamed into place, so concurrent processes sharing the directory never see half of one.
struct KeyVault: Sendable {
    /// What the database holds in `wrapped_key` for a version whose key is in the vault (empty once destroyed).
    static let marker = "vault"

    /// Where a version's key stands.
    enum Entry: Sendable {
        case key(String)
        case destroyed(Tombstone)
        case missing
    }

    /// What is left of a destroyed version's key: when it was erased, whether its whole dataset went with it,
    /// and the signed certificate of the destruction (the first one issued for it, as the database stored it).
    struct Tombstone: Codable, Sendable {
        var version: UUID
        var dataset: UUID
        var erasedAt: Date
        var wholeDataset: Bool
        var certificateID: UUID?
        var certificate: String?
    }

    let directory: String

    /// The vault at `directory`, made (mode 0700) if it does not exist.
    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
    }

    private func keyPath(_ id: UUID) -> String { directory + "/" + id.uuidString.lowercased() + ".key" }
    private func tombstonePath(_ id: UUID) -> String { directory + "/" + id.uuidString.lowercased() + ".destroyed" }

    /// Where the version's key stands (a tombstone wins over a key a crash left beside it).
    func entry(_ id: UUID) throws -> Entry {
        if let t = FileManager.default.contents(atPath: tombstonePath(id)) {
            return .destroyed(try Self.decoder.decode(Tombstone.self, from: t))
        }
        guard let k = FileManager.default.contents(atPath: keyPath(id)) else { return .missing }
        return .key(String(decoding: k, as: UTF8.self))
    }

    /// Keeps a version's wrapped key (replacing the one it had: a rotation re-wraps it). A destroyed version's
    /// key is never put back.
    func put(_ id: UUID, wrapped: String) throws {
        guard !FileManager.default.fileExists(atPath: tombstonePath(id)) else {
            throw KeyVaultError("dataset version \(id) was destroyed; its key cannot be kept again")
        }
        try write(Array(wrapped.utf8), to: keyPath(id))
    }

    /// Removes the key of a version that was never committed (no tombstone: there was nothing to destroy).
    func discard(_ id: UUID) { erase(keyPath(id)) }

    /// Destroys a version's key: the tombstone first, then the key file overwritten and removed. Again is harmless.
    func shred(_ id: UUID, dataset: UUID, wholeDataset: Bool, at: Date) throws {
        if case .destroyed = try entry(id) {} else {
            try writeTombstone(Tombstone(version: id, dataset: dataset, erasedAt: at, wholeDataset: wholeDataset))
        }
        erase(keyPath(id))
        syncDirectory()
    }

    /// Records the destruction's certificate in the version's tombstone (made now if the key was erased before the
    /// vault kept tombstones), unless one is there already: the first certificate is the one that stands.
    func certify(_ id: UUID, dataset: UUID, wholeDataset: Bool, at: Date, certificateID: UUID, document: String) throws {
        var t: Tombstone
        switch try entry(id) {
        case .destroyed(let found): t = found
        case .key, .missing: t = Tombstone(version: id, dataset: dataset, erasedAt: at, wholeDataset: wholeDataset)
        }
        guard t.certificate == nil else { return }
        t.certificateID = certificateID
        t.certificate = document
        try writeTombstone(t)
        erase(keyPath(id))
    }

    /// The versions with a key, and those with a tombstone.
    func listing() throws -> (keys: [UUID], destroyed: [UUID]) {
        var keys: [UUID] = [], destroyed: [UUID] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasPrefix(".") {
            if name.hasSuffix(".key"), let id = UUID(uuidString: String(name.dropLast(4))) { keys.append(id) }
            if name.hasSuffix(".destroyed"), let id = UUID(uuidString: String(name.dropLast(10))) { destroyed.append(id) }
        }
        return (keys.sorted { $0.uuidString < $1.uuidString }, destroyed.sorted { $0.uuidString < $1.uuidString })
    }

    private func writeTombstone(_ t: Tombstone) throws {
        try write(Array(try Self.encoder.encode(t)), to: tombstonePath(t.version))
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        let w = try AtomicFileWriter(path: path, overwrite: true)
        try w.write(bytes)
        try w.commit()
        syncDirectory()
    }

    /// Overwrites the file with zeros before removing it. On a journalling or copy-on-write file system the old
    /// blocks may survive, which is why what it held was wrapped by the master key in the first place.
    private func erase(_ path: String) {
        let fd = open(path, O_WRONLY)
        if fd >= 0 {
            var st = stat()
            if fstat(fd, &st) == 0, st.st_size > 0 {
                let zeros = [UInt8](repeating: 0, count: Int(st.st_size))
                _ = zeros.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
                fsync(fd)
            }
            close(fd)
        }
        unlink(path)
    }

    private func syncDirectory() {
        let fd = open(directory, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// Dates as the audit log writes them (UTC, to the millisecond).
    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(AuditLog.formatter.format(date))
        }
        return e
    }()
    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in try AuditLog.formatter.parse(try decoder.singleValueContainer().decode(String.self)) }
        return d
    }()
}

/// The key vault cannot do what was asked; said in words naming no data.
struct KeyVaultError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
