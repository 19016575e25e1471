import Foundation
import LinkhavenCore
import LinkhavenServer
import Testing

/// The drop-box's sshd configuration is one Debian's OpenSSH accepts (`sshd -t`), and says what it must:
/// key authentication only, keys asked of Linkhaven, each account chrooted to internal-sftp, nothing forwarded.
@Suite("The SFTP drop-box's sshd configuration", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd")))
struct SFTPLayoutTests {
    @Test func debiansSSHDAcceptsTheConfiguration() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lhsftp-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let layout = SFTPLayout(root: root, port: 22299, keysCommand: "/bin/true")
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        let text = layout.sshdConfig(accounts: ["lh-z6034810", "lh-z4883472"])
        try text.write(toFile: layout.configPath, atomically: true, encoding: .utf8)
        func run(_ path: String, _ args: [String]) throws -> (Int32, String) { try ChildProcess.run(path, args) }
        _ = try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", layout.hostKeyPath])
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let (status, said) = try run("/usr/sbin/sshd", ["-t", "-f", layout.configPath])
        #expect(status == 0, "sshd -t: \(said)")
        for needed in ["PasswordAuthentication no", "AuthorizedKeysFile none", "AuthorizedKeysCommand /bin/true %u", "PermitTTY no",
                       "AllowTcpForwarding no", "Match User lh-z6034810", "ForceCommand internal-sftp -d /drop"] {
            #expect(text.contains(needed), "\(needed)")
        }
        // A broken line is caught by the same check (the test can fail).
        try (text + "NoSuchDirective yes\n").write(toFile: layout.configPath, atomically: true, encoding: .utf8)
        #expect(try run("/usr/sbin/sshd", ["-t", "-f", layout.configPath]).0 != 0)
    }
}
