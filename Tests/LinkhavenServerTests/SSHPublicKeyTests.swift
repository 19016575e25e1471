import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import Testing

/// OpenSSH public keys as admins paste them: the types Linkhaven accepts, RSA below 3,072 bits refused, a blob
/// that does not match its type refused, and the fingerprint exactly as ssh-keygen (Debian's OpenSSH) prints it.
@Suite("SSH public keys for the SFTP drop-box")
struct SSHPublicKeyTests {
    @Test func fingerprintsMatchSSHKeygenAndWeakKeysAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhssh-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func keygen(_ args: [String]) throws -> String { try ChildProcess.run("/usr/bin/ssh-keygen", args).output }
        for (type, bits) in [("ed25519", nil), ("ecdsa", "384"), ("rsa", "3072"), ("rsa", "2048")] as [(String, String?)] {
            let file = dir + "/\(type)\(bits ?? "")"
            _ = try keygen(["-q", "-t", type, "-N", "", "-C", "Jo Bloggs laptop", "-f", file] + (bits.map { ["-b", $0] } ?? []))
            let line = try String(contentsOfFile: file + ".pub", encoding: .utf8)
            let expected = try keygen(["-l", "-E", "sha256", "-f", file + ".pub"]).split(separator: " ")[1]
            switch SSHPublicKey.parse(line) {
            case .success(let key):
                #expect(bits != "2048", "a 2,048-bit RSA key is refused")
                #expect(key.fingerprint == String(expected), "\(type): \(key.fingerprint) vs \(expected)")
                #expect(!key.authorizedKeysLine.contains("Bloggs"), "the comment is dropped")
            case .failure(let problem):
                #expect(bits == "2048" && problem == .rsaTooShort(2048), "\(type) \(bits ?? ""): \(problem)")
            }
        }
        #expect(SSHPublicKey.parse("ssh-dss AAAAB3NzaC1kc3MAAACBAP") == .failure(.unsupportedType("ssh-dss")))
        #expect(SSHPublicKey.parse("notakey") == .failure(.notAKey) && SSHPublicKey.parse("ssh-ed25519 %%%") == .failure(.notAKey))
        // An Ed25519 type naming an RSA blob.
        let rsa = try String(contentsOfFile: dir + "/rsa3072.pub", encoding: .utf8).split(separator: " ")[1]
        #expect(SSHPublicKey.parse("ssh-ed25519 \(rsa)") == .failure(.notAKey))
    }
}
