import Crypto
import Foundation

/// An OpenSSH public key as an organisation's admin registers it for the SFTP drop-box: one line of
/// `authorized_keys` form (`type base64 [comment]`), checked rather than trusted — the type one of
/// Ed25519, ECDSA (P-256/384/521) or RSA of at least 3,072 bits, the blob decoding to that same type —
/// with its fingerprint as `ssh-keygen -l` prints it (`SHA256:` and the unpadded base64 of the blob's
/// SHA-256). The comment is dropped: it often names a person or a machine.
struct SSHPublicKey: Sendable, Equatable {
    let type: String
    let blob: [UInt8]

    static let types = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"]

    /// The key, or why the line is not one Linkhaven accepts.
    static func parse(_ line: String) -> Result<SSHPublicKey, KeyProblem> {
        let fields = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2 else { return .failure(.notAKey) }
        let type = String(fields[0])
        guard types.contains(type) else { return .failure(.unsupportedType(type)) }
        guard let decoded = Data(base64Encoded: String(fields[1])) else { return .failure(.notAKey) }
        let blob = [UInt8](decoded)
        var reader = SSHReader(blob)
        guard let inner = reader.string(), inner == type else { return .failure(.notAKey) }
        if type == "ssh-rsa" {
            guard reader.bytes() != nil, let modulus = reader.bytes() else { return .failure(.notAKey) }
            let bits = (modulus.drop { $0 == 0 }.count) * 8
            guard bits >= 3072 else { return .failure(.rsaTooShort(bits)) }
        } else if type == "ssh-ed25519" {
            guard reader.bytes()?.count == 32 else { return .failure(.notAKey) }
        } else {
            guard reader.string() != nil, reader.bytes() != nil else { return .failure(.notAKey) }
        }
        guard reader.atEnd else { return .failure(.notAKey) }
        return .success(SSHPublicKey(type: type, blob: blob))
    }

    /// `SHA256:…`, as `ssh-keygen -l` shows it.
    var fingerprint: String {
        "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }

    /// The line sshd reads (no comment).
    var authorizedKeysLine: String { type + " " + Data(blob).base64EncodedString() }

    enum KeyProblem: Error, Equatable, CustomStringConvertible {
        case notAKey, unsupportedType(String), rsaTooShort(Int)
        var description: String {
            switch self {
            case .notAKey: "this is not an OpenSSH public key line (type, base64 key, optional comment)"
            case .unsupportedType(let t): "keys of type '\(t.prefix(40))' are not accepted: use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa of 3,072 bits or more"
            case .rsaTooShort(let bits): "an RSA key of \(bits) bits is too short: use 3,072 bits or more, or ssh-ed25519"
            }
        }
    }
}

/// Reads the SSH wire format: big-endian length-prefixed strings.
struct SSHReader {
    private let data: [UInt8]
    private var at = 0
    init(_ data: [UInt8]) { self.data = data }
    var atEnd: Bool { at == data.count }

    mutating func bytes() -> [UInt8]? {
        guard at + 4 <= data.count else { return nil }
        let n = data[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
        guard at + 4 + n <= data.count else { return nil }
        defer { at += 4 + n }
        return Array(data[at + 4..<at + 4 + n])
    }

    mutating func string() -> String? { bytes().flatMap { String(bytes: $0, encoding: .utf8) } }
}
