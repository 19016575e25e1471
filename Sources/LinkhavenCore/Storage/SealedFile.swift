import Crypto
import Foundation

/// A file encrypted with AES-256-GCM in chunks, streamed in constant memory.
///
/// Format: an 8-byte magic, a header line (bytes without a newline, then `\n`), then sealed chunks
/// (`UInt32` little-endian length + nonce‖ciphertext‖tag). Each chunk's additional data binds the
/// header, its index and whether it is the last, so altering, reordering, dropping or truncating
/// chunks is detected. The provider's vault and the platform's encrypted store both use it.
public enum SealedFile {
    /// Plaintext bytes per chunk.
    public static let chunkSize = 1 << 16

    static func aad(header: [UInt8], index: UInt64, last: Bool) -> [UInt8] {
        var a = header
        withUnsafeBytes(of: index.littleEndian) { a.append(contentsOf: $0) }
        a.append(last ? 1 : 0)
        return a
    }
}

/// Why a sealed file could not be read. Never contains plaintext.
public enum SealedFileError: Error, CustomStringConvertible, Sendable, Equatable {
    case notSealed(path: String)
    case damaged(path: String, chunk: Int)

    public var description: String {
        switch self {
        case .notSealed(let p): "'\(p)' is not a file of the expected kind"
        case .damaged(let p, let c): "'\(p)' is damaged or has been altered (chunk \(c) does not authenticate, or chunks are missing)"
        }
    }
}

/// Writes a ``SealedFile`` through an ``AtomicFileWriter``: nothing appears at the path until
/// ``commit()``, and no plaintext ever reaches the disk.
public final class SealedFileWriter {
    private let file: AtomicFileWriter
    private let key: SymmetricKey
    private let header: [UInt8]
    private var chunk: [UInt8] = []
    private var index: UInt64 = 0
    private let autoChunk: Bool
    /// Plaintext bytes written so far.
    public private(set) var plaintextCount = 0

    /// Creates the file (mode 0600) with `magic` (8 bytes) and `header` (no newline). With
    /// `autoChunk` false, chunks end only at ``endChunk()`` (for records that must not straddle chunks).
    public init(path: String, magic: [UInt8], header: [UInt8], key: SymmetricKey, overwrite: Bool = false, autoChunk: Bool = true) throws {
        precondition(magic.count == 8 && !header.contains(0x0A))
        self.autoChunk = autoChunk
        file = try AtomicFileWriter(path: path, overwrite: overwrite)
        self.key = key
        self.header = header
        try file.write(magic)
        try file.write(header)
        try file.write([0x0A])
        chunk.reserveCapacity(SealedFile.chunkSize)
    }

    /// Appends plaintext.
    public func write<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        chunk.append(contentsOf: bytes)
        plaintextCount += bytes.count
        while autoChunk, chunk.count >= SealedFile.chunkSize { try seal(last: false) }
    }

    /// Bytes waiting in the current chunk.
    public var pendingCount: Int { chunk.count }

    /// Seals what is pending as a chunk of its own.
    public func endChunk() throws { try seal(last: false) }

    private func seal(last: Bool) throws {
        let n = autoChunk ? min(chunk.count, SealedFile.chunkSize) : chunk.count
        let box = try AES.GCM.seal(chunk[..<n], using: key, authenticating: SealedFile.aad(header: header, index: index, last: last))
        let combined = Array(box.combined!)
        var len = UInt32(combined.count).littleEndian
        try file.write(withUnsafeBytes(of: &len) { Array($0) })
        try file.write(combined)
        index += 1
        chunk.removeFirst(n)
    }

    /// Seals the last chunk, syncs and moves the file into place; returns the SHA-256 of the
    /// encrypted file.
    @discardableResult
    public func commit() throws -> String {
        while autoChunk, chunk.count > SealedFile.chunkSize { try seal(last: false) }
        try seal(last: true)
        return try file.commit()
    }
}

/// Reads a ``SealedFile``, one verified chunk of plaintext at a time.
public final class SealedFileReader {
    private let handle: FileHandle
    private let path: String
    private let key: SymmetricKey
    /// The header line's bytes.
    public let header: [UInt8]
    private var buffer = Data()
    private var index: UInt64 = 0
    private var done = false

    /// Opens `path`, checking its magic; `key` may depend on the header, so it is asked for once it is read.
    public init(path: String, magic: [UInt8], key: ([UInt8]) throws -> SymmetricKey) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw SealedFileError.notSealed(path: path) }
        handle = h
        self.path = path
        var buf = Data()
        func fill(_ n: Int) throws -> Bool {
            while buf.count < n {
                guard let more = try h.read(upToCount: 1 << 16), !more.isEmpty else { return false }
                buf.append(more)
            }
            return true
        }
        guard try fill(9), Array(buf.prefix(8)) == magic else { try? h.close(); throw SealedFileError.notSealed(path: path) }
        var nl = buf.dropFirst(8).firstIndex(of: 0x0A)
        while nl == nil, buf.count < 1 << 20, try fill(buf.count + 1) { nl = buf.dropFirst(8).firstIndex(of: 0x0A) }
        guard let nl else { try? h.close(); throw SealedFileError.notSealed(path: path) }
        header = Array(buf[(buf.startIndex + 8)..<nl])
        buffer = Data(buf[(nl + 1)...])
        do { self.key = try key(header) } catch { try? h.close(); throw error }
    }

    deinit { try? handle.close() }

    private func need(_ n: Int) throws -> Bool {
        while buffer.count < n {
            guard let more = try handle.read(upToCount: max(1 << 20, n - buffer.count)), !more.isEmpty else { return false }
            buffer.append(more)
        }
        return true
    }

    /// The next chunk of plaintext, or `nil` after the last; throws if anything is altered or missing.
    public func next() throws -> Data? {
        if done { return nil }
        guard try need(4) else { throw SealedFileError.damaged(path: path, chunk: Int(index)) }
        let len = Int(buffer.prefix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) })
        guard try need(4 + len) else { throw SealedFileError.damaged(path: path, chunk: Int(index)) }
        let sealed = buffer[(buffer.startIndex + 4)..<(buffer.startIndex + 4 + len)]
        buffer = Data(buffer.dropFirst(4 + len))
        guard let box = try? AES.GCM.SealedBox(combined: sealed) else { throw SealedFileError.damaged(path: path, chunk: Int(index)) }
        let plain: Data
        if let p = try? AES.GCM.open(box, using: key, authenticating: SealedFile.aad(header: header, index: index, last: false)) {
            plain = p
        } else if let p = try? AES.GCM.open(box, using: key, authenticating: SealedFile.aad(header: header, index: index, last: true)) {
            plain = p
            done = true
            guard buffer.isEmpty, try !need(1) else { throw SealedFileError.damaged(path: path, chunk: Int(index) + 1) }
        } else {
            throw SealedFileError.damaged(path: path, chunk: Int(index))
        }
        index += 1
        return plain
    }

    /// Streams all plaintext through `body`.
    public func forEachChunk(_ body: (Data) throws -> Void) throws {
        while let c = try next() { try body(c) }
    }
}
