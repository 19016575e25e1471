import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors reading or writing key files. They never contain key material.
public enum KeyError: Error, CustomStringConvertible, Sendable, Equatable {
    case unreadable(path: String, reason: String)
    case tooOpen(path: String, mode: String)
    case malformed(path: String)
    case exists(path: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): "cannot read key file '\(p)': \(r)"
        case .tooOpen(let p, let m):
            "secret file '\(p)' has mode \(m): others can read it. Run `chmod 600 \(p)` and check who has seen it."
        case .malformed(let p): "'\(p)' is not a Linkhaven key file (expected a line 'linkhaven-secret-v1 <key>')"
        case .exists(let p): "'\(p)' already exists; refusing to overwrite a key (delete it first if you really mean to)"
        }
    }
}

/// A 256-bit secret held in a key file with mode 0600: a project secret shared by the providers
/// of one project (never by the platform), or a provider's own vault key.
public struct SecretKey: Sendable {
    static let header = "linkhaven-secret-v1"
    /// The key material.
    public let key: SymmetricKey

    /// Wraps existing key material (32 bytes).
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a Linkhaven secret is 32 bytes")
        key = SymmetricKey(data: bytes)
    }

    /// A fresh random secret from the system's CSPRNG.
    public static func generate() -> SecretKey {
        SecretKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The fingerprint of this key (see ``KeyFingerprint``).
    public var fingerprint: String { KeyFingerprint.of(key) }

    /// Derives the key used for one project: the same secret gives unrelated pseudonyms in
    /// different projects.
    public func projectKey(project: String) -> ProjectKey {
        ProjectKey(key: KeyDerivation.derive(from: key, info: "linkhaven/v1/project/\(project)"))
    }

    /// Writes the key to a new file with mode 0600, refusing to overwrite anything.
    public func write(to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw KeyError.exists(path: path) }
            throw KeyError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let text = "# Linkhaven secret key. Keep it private (mode 0600); never upload or e-mail it.\n"
            + "\(Self.header) \(key.withUnsafeBytes { Base64URL.encode(Array($0)) })\n"
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { systemWriteKey(fd, $0.baseAddress!, $0.count) }
        guard n == bytes.count, fsync(fd) == 0 else {
            throw KeyError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Throws unless `path` exists and only its owner can read it (mode 0600 or stricter).
    public static func checkPrivate(path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw KeyError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if st.st_mode & 0o077 != 0 {
            throw KeyError.tooOpen(path: path, mode: String(st.st_mode & 0o777, radix: 8))
        }
    }

    /// Reads a key file, refusing one that group or others can read.
    public static func read(from path: String) throws -> SecretKey {
        try checkPrivate(path: path)
        let reader: CSVReader
        do { reader = try CSVReader(path: path, chunkSize: 4096) } catch {
            throw KeyError.unreadable(path: path, reason: "\(error)")
        }
        while let rec = try? reader.next() {
            guard let line = rec.fields.first, !line.hasPrefix("#") else { continue }
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[0] == header, let bytes = Base64URL.decode(String(parts[1])), bytes.count == 32
            else { throw KeyError.malformed(path: path) }
            return SecretKey(bytes: bytes)
        }
        throw KeyError.malformed(path: path)
    }
}

@inline(__always)
private func systemWriteKey(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
