import Foundation
import LinkhavenAPI
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Debian's OpenSSH as the drop-box, with the configuration `SFTPLayout` writes and Linkhaven answering sshd's
/// `AuthorizedKeysCommand` (the built `linkhaven-server sftp authorized-keys`): an organisation's registered key
/// puts a file into its own drop; the same key is refused for another organisation's account; revoked, it opens
/// nothing. Needs root (sshd, accounts, chroots), as in `.ci/run`.
@Suite("The SFTP drop-box with Debian's OpenSSH", .serialized,
       .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") && FileManager.default.isExecutableFile(atPath: "/usr/bin/sftp")))
struct SFTPDropBoxTests {
    @Test func aRegisteredKeyPutsIntoItsOwnDropAndNothingElse() async throws {
        try await Harness.run { h in
            let op = try await h.token(try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator"))
            let county = try await h.client.organisation("Essex County Council", ico: "Z6034810", roles: [.orgAdmin], operatorToken: op)
            _ = try await h.client.organisation("Essex Police", ico: "Z4883472", roles: [.orgAdmin], operatorToken: op)
            let accounts = ["lh-z6034810", "lh-z4883472"]
            let root = "/var/lib/linkhaven-sftp-test-\(UUID().uuidString.prefix(8).lowercased())"
            let keys = h.scratch + "/keys"
            defer {
                _ = try? Self.run("/bin/rm", ["-rf", root])
                for a in accounts { _ = try? Self.run("/usr/sbin/userdel", [a]) }
            }
            try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
            _ = try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "county nightly job", "-f", keys + "/county"])
            let added = try await h.client.call(API.addSFTPKey, county.id, body: SFTPKeyIn(name: "Nightly job",
                                                publicKey: try String(contentsOfFile: keys + "/county.pub", encoding: .utf8)), token: county.tokens[.orgAdmin]!)

            // The drop-box as an operator would set it up: accounts, chroots, drops, sshd's configuration.
            let env = h.scratch + "/server.env"
            var lines = ["LINKHAVEN_DATA=\(h.app.platform.config.dataDirectory)"]
            if let url = h.app.platform.config.databaseURL { lines.append("DATABASE_URL=\(url)") }
            try lines.joined(separator: "\n").write(toFile: env, atomically: true, encoding: .utf8)
            let port = try BrowserTests.freePort()
            let layout = SFTPLayout(root: root, port: port, keysCommand: ServerProcess.products.appendingPathComponent("linkhaven-server").path
                                    + " sftp authorized-keys --env-file \(env)")
            try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
            for a in accounts {
                _ = try? Self.run("/usr/sbin/useradd", ["-M", "-d", "/", "-s", "/usr/sbin/nologin", a])
                _ = try Self.run("/usr/sbin/usermod", ["-p", "*", a])   // not locked: sshd refuses a locked account even with a good key
                try FileManager.default.createDirectory(atPath: layout.drop(a), withIntermediateDirectories: true)
                _ = try Self.run("/bin/chown", [a, layout.drop(a)])
            }
            _ = try Self.run("/bin/chmod", ["-R", "go-w", root])
            try layout.sshdConfig(accounts: accounts).write(toFile: layout.configPath, atomically: true, encoding: .utf8)
            _ = try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", layout.hostKeyPath])
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            let sshd = Process()
            sshd.executableURL = URL(fileURLWithPath: "/usr/sbin/sshd")
            sshd.arguments = ["-D", "-f", layout.configPath, "-E", root + "/etc/sshd.log"]
            try sshd.run()
            defer { kill(sshd.processIdentifier, SIGKILL); sshd.waitUntilExit() }
            try await Task.sleep(for: .milliseconds(500))

            // The county's job puts a file into its drop.
            let file = h.scratch + "/extract.csv"
            try "record_token,small_area\n".write(toFile: file, atomically: true, encoding: .utf8)
            func sftp(_ account: String, _ commands: String) async throws -> (Int32, String) {
                let batch = h.scratch + "/batch"
                try commands.write(toFile: batch, atomically: true, encoding: .utf8)
                return try await Self.onThread("/usr/bin/sftp", ["-b", batch, "-i", keys + "/county", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                                                      "-o", "BatchMode=yes", "-P", String(port), "\(account)@127.0.0.1"])
            }
            let (put, said) = try await sftp("lh-z6034810", "put \(file) extract.csv\nls\n")
            #expect(put == 0, "\(said)\n\((try? String(contentsOfFile: root + "/etc/sshd.log", encoding: .utf8)) ?? "")")
            #expect(FileManager.default.fileExists(atPath: layout.drop("lh-z6034810") + "/extract.csv"))
            #expect(try await sftp("lh-z6034810", "cd /etc\n").0 != 0, "nothing outside the chroot")
            #expect(try await sftp("lh-z4883472", "ls\n").0 != 0, "the county's key does not open the police's account")
            _ = try await h.client.call(API.revokeSFTPKey, county.id, added.id.uuidString, token: county.tokens[.orgAdmin]!)
            #expect(try await sftp("lh-z6034810", "ls\n").0 != 0, "revoked: refused at the next connection")
        }
    }

    /// A program run with posix_spawn and waited for with waitpid, on a thread of its own (Foundation's Process
    /// did not see sftp end here), its output to a file.
    static func onThread(_ path: String, _ args: [String]) async throws -> (Int32, String) {
        await withCheckedContinuation { c in Thread { c.resume(returning: spawn(path, args)) }.start() }
    }

    static func spawn(_ path: String, _ args: [String]) -> (Int32, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("lhspawn-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return (-1, "could not start \(path)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return ((status >> 8) & 0xff, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @discardableResult
    static func run(_ path: String, _ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        // Output to a file: sftp's ssh may outlive it holding a pipe open, and one pipe for both streams never ends.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("lhrun-\(UUID())").path
        FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = handle; p.standardError = handle; p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try handle.close()
        return (p.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
