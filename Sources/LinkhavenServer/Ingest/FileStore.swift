import Crypto
import Foundation
import LinkhavenCore

/// Where encrypted files live: a small protocol, so the local directory can be swapped for
/// other storage without touching ingest. Names are opaque ids chosen by the platform.
protocol FileStore: Sendable {
    /// A writer for a new sealed file; nothing exists under `name` until it commits.
    func create(_ name: String, header: [UInt8], key: SymmetricKey) throws -> SealedFileWriter
    /// A reader for a sealed file.
    func open(_ name: String, key: SymmetricKey) throws -> SealedFileReader
    /// Deletes a file (no error if it is already gone).
    func remove(_ name: String) throws
    /// Every stored name (committed files only).
    func names() throws -> [String]
    /// Removes leftovers of writes that never committed (after a crash); returns how many.
    func removeIncomplete() throws -> Int
    /// How many committed files it holds, and their bytes on disk (sealed: ciphertext and headers).
    func size() throws -> (files: Int, bytes: Int)
}

/// A ``FileStore`` in a local directory (mode 0700, files 0600).
struct LocalFileStore: FileStore {
    static let magic = Array("LHSTORE1".utf8)
    let directory: String

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    func path(_ name: String) -> String {
        precondition(!name.contains("/") && !name.hasPrefix("."))
        return directory + "/" + name
    }

    func create(_ name: String, header: [UInt8], key: SymmetricKey) throws -> SealedFileWriter {
        try SealedFileWriter(path: path(name), magic: Self.magic, header: header, key: key)
    }

    func open(_ name: String, key: SymmetricKey) throws -> SealedFileReader {
        guard FileManager.default.fileExists(atPath: path(name)) else { throw StoreError.missing(name) }
        return try SealedFileReader(path: path(name), magic: Self.magic) { _ in key }
    }

    func remove(_ name: String) throws {
        if unlink(path(name)) != 0, errno != ENOENT { throw StoreError.missing(name) }
    }

    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }
    }

    func size() throws -> (files: Int, bytes: Int) {
        var files = 0, bytes = 0
        for name in try names() {
            var st = stat()
            guard stat(path(name), &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            files += 1; bytes += Int(st.st_size)
        }
        return (files, bytes)
    }

    func removeIncomplete() throws -> Int {
        let partial = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") && $0.contains(".partial-") }
        for p in partial { unlink(directory + "/" + p) }
        return partial.count
    }
}
