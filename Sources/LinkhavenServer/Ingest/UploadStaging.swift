import Crypto
import Foundation
import LinkhavenCore
import NIOCore

/// Where an upload's bytes wait, encrypted, until validation: one file per upload of sealed
/// records (`UInt32` length + nonce‖ciphertext‖tag, bound to the upload and the record's index),
/// appended as bytes arrive. A crash can only tear the last record, which is cut off on the next
/// look, so the offset a client resumes from is always bytes that are safely on disk.
struct UploadStaging: Sendable {
    let directory: String
    static let recordSize = 1 << 20

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    func path(_ id: UUID) -> String { directory + "/" + id.uuidString }

    static func aad(_ id: UUID, _ index: Int) -> [UInt8] { Array("upload/\(id.uuidString)/\(index)".utf8) }

    /// Bytes received so far and records written, cutting off a torn last record.
    func received(_ id: UUID) throws -> (bytes: Int, records: Int) {
        guard let h = FileHandle(forUpdatingAtPath: path(id)) else { return (0, 0) }
        defer { try? h.close() }
        let size = Int(try h.seekToEnd())
        var at = 0, bytes = 0, records = 0
        while at + 4 <= size {
            try h.seek(toOffset: UInt64(at))
            guard let lenData = try h.read(upToCount: 4), lenData.count == 4 else { break }
            let len = Int(lenData.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) })
            guard len >= 28, at + 4 + len <= size else { break }
            at += 4 + len; bytes += len - 28; records += 1
        }
        if at < size { try h.truncate(atOffset: UInt64(at)); try h.synchronize() }
        return (bytes, records)
    }

    /// Appends `data` as sealed records after `records` existing ones, and syncs.
    func append(_ id: UUID, key: SymmetricKey, data: ByteBuffer, records: Int) throws -> Int {
        let fd = open(path(id), O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw StoreError.missing(id.uuidString) }
        defer { close(fd) }
        var index = records
        var start = 0
        while start < data.readableBytes {
            let end = min(start + Self.recordSize, data.readableBytes)
            let box = try AES.GCM.seal(data.getBytes(at: data.readerIndex + start, length: end - start)!, using: key, authenticating: Self.aad(id, index))
            var record = withUnsafeBytes(of: UInt32(box.combined!.count).littleEndian) { Array($0) }
            record += box.combined!
            var off = 0
            while off < record.count {
                let n = record.withUnsafeBytes { write(fd, $0.baseAddress! + off, record.count - off) }
                if n < 0 { if errno == EINTR { continue }; throw StoreError.missing(id.uuidString) }
                off += n
            }
            index += 1
            start = end
        }
        fsync(fd)
        return index
    }

    /// Appends the whole file at `path` as sealed records (to an empty staging file). Returns the bytes staged.
    func appendFile(_ path: String, id: UUID, key: SymmetricKey) throws -> Int {
        guard let h = FileHandle(forReadingAtPath: path) else { throw StoreError.missing(path) }
        defer { try? h.close() }
        var records = 0, bytes = 0
        while let d = try h.read(upToCount: 8 * Self.recordSize), !d.isEmpty {
            records = try append(id, key: key, data: ByteBuffer(bytes: d), records: records)
            bytes += d.count
        }
        return bytes
    }

    /// A reader of the upload's bytes, record by record.
    func reader(_ id: UUID, key: SymmetricKey) throws -> StagingReader {
        guard let h = FileHandle(forReadingAtPath: path(id)) else { throw StoreError.missing(id.uuidString) }
        return StagingReader(handle: h, id: id, key: key)
    }

    func remove(_ id: UUID) { unlink(path(id)) }

    /// Staging files present (for recovery).
    func ids() -> [UUID] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).compactMap(UUID.init(uuidString:))
    }
}

/// Reads a staging file's records back, verifying each.
final class StagingReader {
    private let handle: FileHandle
    private let id: UUID
    private let key: SymmetricKey
    private var index = 0

    init(handle: FileHandle, id: UUID, key: SymmetricKey) { self.handle = handle; self.id = id; self.key = key }
    deinit { try? handle.close() }

    /// The next record's bytes, or `nil` at the end; throws if a record fails to authenticate.
    func next() throws -> Data? {
        guard let lenData = try handle.read(upToCount: 4), lenData.count == 4 else { return nil }
        let len = Int(lenData.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) })
        guard let sealed = try handle.read(upToCount: len), sealed.count == len, let box = try? AES.GCM.SealedBox(combined: sealed),
              let plain = try? AES.GCM.open(box, using: key, authenticating: UploadStaging.aad(id, index)) else {
            throw ValidationFailure.transfer("the received data is damaged (part \(index + 1)); upload the file again")
        }
        index += 1
        return plain
    }
}
