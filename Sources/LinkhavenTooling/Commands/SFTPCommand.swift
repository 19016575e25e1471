import ArgumentParser
import Foundation
import LinkhavenServer

/// `linkhaven-server sftp …`: what an operator needs to run the SFTP drop-box with Debian's OpenSSH.
struct SFTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sftp", abstract: "The SFTP drop-box: its accounts and sshd's configuration, and the keys sshd asks for.",
        discussion: "The server and workers watch the drops when LINKHAVEN_SFTP_ROOT names the same root.",
        subcommands: [SFTPConfigureCommand.self, SFTPAuthorizedKeysCommand.self])
}

/// `linkhaven-server sftp configure`: makes the drop-box match the platform's organisations — a system account, chroot,
/// drop and receipts folder for each, sshd's configuration — saying each step; changes nothing without `--apply`.
struct SFTPConfigureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure", abstract: "Write sshd's configuration and the accounts for every organisation (dry run unless --apply).",
        discussion: """
            Idempotent: a second run with nothing changed has nothing to do. Run it again after adding an organisation. Apply
            needs root. Then start (or reload) Debian's sshd with the configuration it wrote: /usr/sbin/sshd -f ROOT/etc/sshd_config;
            a running one (ROOT/etc/sshd.pid) is told to reload.
            """)

    @Option(help: "The drop-box's root (the same as LINKHAVEN_SFTP_ROOT; every folder above it must be root's and not writable by others).")
    var root: String = "/srv/linkhaven-sftp"
    @Option(help: "The address sshd listens on.") var listen: String = "0.0.0.0"
    @Option(help: "The port sshd listens on.") var port: Int = 2222
    @Option(help: "The user the server and workers run as.") var serviceUser: String = "linkhaven"
    @Option(help: "The server's environment file, for the keys sshd asks of linkhaven-server.") var envFile: String = "/etc/linkhaven/linkhaven.env"
    @Flag(help: "Make the changes (default: only say them).") var apply = false

    func run() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let layout = SFTPLayout(root: root, listen: listen, port: port, keysCommand: "\(binary) sftp authorized-keys --env-file \(envFile)",
                                keysCommandUser: serviceUser)
        try await PlatformApplication.run(["--log", "warning"], adjusting: { $0.recoverAtBoot = false }) { app, _ in
            let accounts = try await SFTPDropBox.accounts(app)
            let steps = try SFTPProvisioning(layout: layout, serviceUser: serviceUser).plan(accounts: accounts)
            if steps.isEmpty { print("The drop-box already matches the platform's \(accounts.count) organisation\(accounts.count == 1 ? "" : "s"); nothing to do.") }
            for step in steps {
                print((apply ? "" : "would ") + step.description)
                if apply { try step.apply() }
            }
            if apply, !steps.isEmpty, let pid = (try? String(contentsOfFile: layout.root + "/etc/sshd.pid", encoding: .utf8)).flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
                if kill(pid, SIGHUP) == 0 { print("told sshd (pid \(pid)) to reload its configuration") }
            }
            if !apply, !steps.isEmpty { print("Nothing was changed: run again with --apply (as root) to make these changes.") }
        }
    }
}

/// `linkhaven-server sftp authorized-keys ACCOUNT`: sshd's `AuthorizedKeysCommand` — prints the live keys of the
/// organisation whose drop-box account this is (none for any other name), so that a revoked key opens nothing
/// from the next connection. sshd runs it with an empty environment: `--env-file` names the server's environment file.
struct SFTPAuthorizedKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "authorized-keys", abstract: "Print an account's live public keys (for sshd).")

    @Option(help: "A file of KEY=value lines (the server's environment: LINKHAVEN_DATA, DATABASE_URL…) to read first.") var envFile: String?
    @Argument(help: "The account sshd asks about (lh-<ico>).") var account: String

    func run() async throws {
        if let envFile {
            for line in try String(contentsOfFile: envFile, encoding: .utf8).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                setenv(String(line[..<eq]).trimmingCharacters(in: .whitespaces), String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces), 1)
            }
        }
        try await PlatformApplication.run(["--log", "critical"], adjusting: { $0.recoverAtBoot = false }) { app, _ in
            for line in try await SFTPDropBox.authorizedKeys(account: account, app: app) { print(line) }
        }
    }
}
