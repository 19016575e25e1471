import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors writing output files.
public enum FileWriteError: Error, CustomStringConvertible, Sendable {
    case exists(path: String)
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .exists(let p): "'\(p)' already exists (use --force to replace it)"
        case .cannotCreate(let p, let r): "cannot create '\(p)': \(r)"
        case .writeFailed(let p, let r): "cannot write '\(p)': \(r)"
        }
    }
}

/// A buffered writer that writes to a hidden temporary file beside `path` and only moves it
/// into place on ``commit()``: a failed or interrupted run never leaves a half-written output,
/// and never replaces an existing file unless asked. It hashes everything it writes (SHA-256).
public final class AtomicFileWriter {
    /// The final path of the file.
    public let path: String
    private let tempPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private var committed = false
    /// Bytes written so far.
    public private(set) var byteCount = 0

    /// Creates the temporary file with the given permissions (0600 unless told otherwise).
    public init(path: String, overwrite: Bool = false, mode: mode_t = 0o600) throws {
        self.path = path
        if !overwrite, access(path, F_OK) == 0 { throw FileWriteError.exists(path: path) }
        let dir: String
        let base: String
        if let slash = path.lastIndex(of: "/") {
            dir = String(path[...slash])
            base = String(path[path.index(after: slash)...])
        } else {
            dir = ""
            base = path
        }
        tempPath = "\(dir).\(base).partial-\(getpid())"
        fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw FileWriteError.cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        fchmod(fd, mode)
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !committed {
            if fd >= 0 { close(fd) }
            unlink(tempPath)
        }
    }

    /// Appends bytes.
    public func write<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) throws {
        var t = text
        t.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        try buffer.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileWriteError.writeFailed(path: path, reason: String(cString: strerror(errno)))
                }
                off += n
            }
        }
        byteCount += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and atomically renames the file into place; returns its SHA-256 (hex).
    @discardableResult
    public func commit() throws -> String {
        try flush()
        if fsync(fd) != 0 { throw FileWriteError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
        close(fd)
        fd = -1
        if rename(tempPath, path) != 0 {
            throw FileWriteError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        committed = true
        return Hex.encode(hasher.finalize())
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}
