import Crypto
import Foundation

/// The local re-identification vault: the provider's record ids with the tokens that stand for
/// them, encrypted with AES-256-GCM under a key derived from the provider's own vault secret.
/// It never leaves the provider; only it can map a returned token back to a record.
///
/// Format: the magic `LHVAULT1`, a JSON header line (dataset, project, key fingerprint), then
/// sealed chunks (`UInt32` length + nonce‖ciphertext‖tag). Each chunk's additional data binds
/// the header, its index and whether it is the last, so reordering, dropping or truncating
/// chunks is detected.
public enum Vault {
    static let magic = Array("LHVAULT1".utf8)

    /// What the vault's header says.
    public struct Header: Codable, Sendable, Equatable {
        /// The dataset and project the vault belongs to.
        public var dataset: String, project: String
        /// The fingerprint of the vault key (to say which key opens it).
        public var vaultKeyFingerprint: String

        /// A header.
        public init(dataset: String, project: String, vaultKeyFingerprint: String) {
            self.dataset = dataset
            self.project = project
            self.vaultKeyFingerprint = vaultKeyFingerprint
        }
    }

    static func encryptionKey(_ secret: SecretKey) -> SymmetricKey {
        KeyDerivation.derive(from: secret.key, info: "vault/encryption/v1")
    }

    static func aad(header: [UInt8], index: UInt64, last: Bool) -> [UInt8] {
        var a = header
        withUnsafeBytes(of: index.littleEndian) { a.append(contentsOf: $0) }
        a.append(last ? 1 : 0)
        return a
    }

    static func appendVarint(_ v: Int, to out: inout [UInt8]) {
        var v = UInt64(v)
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}

/// Writes a vault as a stream of encrypted chunks (constant memory).
public final class VaultWriter {
    private let file: AtomicFileWriter
    private let key: SymmetricKey
    private let headerBytes: [UInt8]
    private var chunk: [UInt8] = []
    private var index: UInt64 = 0
    /// Entries written.
    public private(set) var count = 0

    /// Creates the vault file (mode 0600).
    public init(path: String, header: Vault.Header, secret: SecretKey, overwrite: Bool) throws {
        file = try AtomicFileWriter(path: path, overwrite: overwrite)
        key = Vault.encryptionKey(secret)
        headerBytes = Array(try JSONEncoder().encode(header))
        try file.write(Vault.magic)
        try file.write(headerBytes)
        try file.write([0x0A])
    }

    /// Adds one entry.
    public func append(_ entry: VaultEntry) throws {
        Vault.appendVarint(entry.tokens.count + 1, to: &chunk)
        for s in [entry.recordId] + entry.tokens {
            Vault.appendVarint(s.utf8.count, to: &chunk)
            chunk.append(contentsOf: s.utf8)
        }
        count += 1
        if chunk.count >= 1 << 16 { try seal(last: false) }
    }

    private func seal(last: Bool) throws {
        let box = try AES.GCM.seal(chunk, using: key, authenticating: Vault.aad(header: headerBytes, index: index, last: last))
        let combined = Array(box.combined!)
        var len = UInt32(combined.count).littleEndian
        try file.write(withUnsafeBytes(of: &len) { Array($0) })
        try file.write(combined)
        index += 1
        chunk.removeAll(keepingCapacity: true)
    }

    /// Seals the last chunk and moves the vault into place.
    public func commit() throws {
        try seal(last: true)
        try file.commit()
    }
}

/// Errors opening a vault. They never contain record ids or tokens.
public enum VaultError: Error, CustomStringConvertible, Sendable {
    case notAVault(path: String)
    case wrongKey(path: String)
    case damaged(path: String, chunk: Int)

    public var description: String {
        switch self {
        case .notAVault(let p): "'\(p)' is not a Linkhaven vault"
        case .wrongKey(let p): "'\(p)' cannot be opened with this vault key (it was made with another)"
        case .damaged(let p, let c): "'\(p)' is damaged or has been altered (chunk \(c) does not authenticate, or chunks are missing)"
        }
    }
}

/// Reads a vault, streaming its entries.
public enum VaultReader {
    /// Calls `body` with every entry; verifies every chunk and that none is missing.
    public static func forEach(path: String, secret: SecretKey, _ body: (VaultEntry) throws -> Void) throws -> Vault.Header {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw VaultError.notAVault(path: path) }
        defer { try? handle.close() }
        var buffer = Data()
        func need(_ n: Int) throws -> Bool {
            while buffer.count < n {
                guard let more = try handle.read(upToCount: max(1 << 20, n - buffer.count)), !more.isEmpty else { return false }
                buffer.append(more)
            }
            return true
        }
        guard try need(9), Array(buffer.prefix(8)) == Vault.magic, let nl = buffer.dropFirst(8).firstIndex(of: 0x0A) ?? {
            _ = try? need(4096); return buffer.dropFirst(8).firstIndex(of: 0x0A)
        }() else { throw VaultError.notAVault(path: path) }
        let headerBytes = Array(buffer[buffer.startIndex + 8..<nl])
        guard let header = try? JSONDecoder().decode(Vault.Header.self, from: Data(headerBytes)) else { throw VaultError.notAVault(path: path) }
        if header.vaultKeyFingerprint != secret.fingerprint { throw VaultError.wrongKey(path: path) }
        buffer = Data(buffer[(nl + 1)...])
        let key = Vault.encryptionKey(secret)
        var index: UInt64 = 0
        var sawLast = false
        while try need(4) {
            let len = Int(buffer.prefix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) })
            guard try need(4 + len) else { throw VaultError.damaged(path: path, chunk: Int(index)) }
            let sealed = buffer[(buffer.startIndex + 4)..<(buffer.startIndex + 4 + len)]
            buffer = Data(buffer.dropFirst(4 + len))
            guard let box = try? AES.GCM.SealedBox(combined: sealed) else { throw VaultError.damaged(path: path, chunk: Int(index)) }
            let plain: Data
            if let p = try? AES.GCM.open(box, using: key, authenticating: Vault.aad(header: headerBytes, index: index, last: false)) {
                plain = p
            } else if let p = try? AES.GCM.open(box, using: key, authenticating: Vault.aad(header: headerBytes, index: index, last: true)) {
                plain = p
                sawLast = true
            } else {
                throw VaultError.damaged(path: path, chunk: Int(index))
            }
            try decodeEntries(Array(plain), path: path, chunk: Int(index), body)
            index += 1
            if sawLast { break }
        }
        guard sawLast, buffer.isEmpty, try !need(1) else { throw VaultError.damaged(path: path, chunk: Int(index)) }
        return header
    }

    /// Each record token in the vault with the provider's record id for it.
    public static func recordIDsByToken(path: String, secret: SecretKey) throws -> [String: String] {
        var ids: [String: String] = [:]
        _ = try forEach(path: path, secret: secret) { e in if let t = e.tokens.first { ids[t] = e.recordId } }
        return ids
    }

    static func decodeEntries(_ bytes: [UInt8], path: String, chunk: Int, _ body: (VaultEntry) throws -> Void) throws {
        var i = 0
        func varint() throws -> Int {
            var v = 0, shift = 0
            while true {
                guard i < bytes.count, shift < 63 else { throw VaultError.damaged(path: path, chunk: chunk) }
                let b = bytes[i]
                i += 1
                v |= Int(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
        }
        while i < bytes.count {
            let n = try varint()
            var strings: [String] = []
            for _ in 0..<n {
                let len = try varint()
                guard i + len <= bytes.count else { throw VaultError.damaged(path: path, chunk: chunk) }
                strings.append(String(decoding: bytes[i..<(i + len)], as: UTF8.self))
                i += len
            }
            guard let first = strings.first else { throw VaultError.damaged(path: path, chunk: chunk) }
            try body(VaultEntry(recordId: first, tokens: Array(strings.dropFirst())))
        }
    }
}
