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
    private let file: SealedFileWriter
    /// Entries written.
    public private(set) var count = 0

    /// Creates the vault file (mode 0600).
    public init(path: String, header: Vault.Header, secret: SecretKey, overwrite: Bool) throws {
        file = try SealedFileWriter(path: path, magic: Vault.magic, header: Array(try JSONEncoder().encode(header)),
                                    key: Vault.encryptionKey(secret), overwrite: overwrite, autoChunk: false)
    }

    /// Adds one entry.
    public func append(_ entry: VaultEntry) throws {
        var bytes: [UInt8] = []
        Vault.appendVarint(entry.tokens.count + 1, to: &bytes)
        for s in [entry.recordId] + entry.tokens {
            Vault.appendVarint(s.utf8.count, to: &bytes)
            bytes.append(contentsOf: s.utf8)
        }
        try file.write(bytes)
        count += 1
        if file.pendingCount >= 1 << 16 { try file.endChunk() }   // entries never straddle chunks
    }

    /// Seals the last chunk and moves the vault into place.
    public func commit() throws {
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
        var header: Vault.Header? = nil
        let reader: SealedFileReader
        do {
            reader = try SealedFileReader(path: path, magic: Vault.magic) { bytes in
                guard let h = try? JSONDecoder().decode(Vault.Header.self, from: Data(bytes)) else { throw VaultError.notAVault(path: path) }
                if h.vaultKeyFingerprint != secret.fingerprint { throw VaultError.wrongKey(path: path) }
                header = h
                return Vault.encryptionKey(secret)
            }
        } catch is SealedFileError {
            throw VaultError.notAVault(path: path)
        }
        var chunk = 0
        do {
            while let plain = try reader.next() {
                try decodeEntries(Array(plain), path: path, chunk: chunk, body)
                chunk += 1
            }
        } catch let SealedFileError.damaged(_, c) {
            throw VaultError.damaged(path: path, chunk: c)
        }
        return header!
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
