import Foundation

/// Where the SFTP drop-box lives and what sshd is told, made from the organisations: under `root`, each
/// organisation's account (`lh-<ico>`) has a chroot `chroot/<account>` (root's, as sshd requires) holding
/// `drop/` (the account's, where files arrive) and `receipts/` (root's, readable: what became of each file);
/// sshd listens on the given address only, allows key authentication only, asks Linkhaven for each account's
/// live keys (`AuthorizedKeysCommand`, so a revoked key opens nothing from the next connection), and gives each
/// account `internal-sftp` in its chroot and nothing else: no shell, no forwarding, no TTY.
public struct SFTPLayout: Sendable {
    public var root: String
    public var listen: String
    public var port: Int
    /// The command sshd runs for an account's keys, e.g. `/usr/local/bin/linkhaven-server sftp authorized-keys --env-file /etc/linkhaven/env`.
    public var keysCommand: String
    public var keysCommandUser: String

    public init(root: String, listen: String = "127.0.0.1", port: Int = 2222, keysCommand: String = "", keysCommandUser: String = "root") {
        self.root = root; self.listen = listen; self.port = port; self.keysCommand = keysCommand; self.keysCommandUser = keysCommandUser
    }

    public var configPath: String { root + "/etc/sshd_config" }
    public var hostKeyPath: String { root + "/etc/ssh_host_ed25519_key" }
    public func chroot(_ account: String) -> String { root + "/chroot/" + account }
    public func drop(_ account: String) -> String { chroot(account) + "/drop" }
    public func receipts(_ account: String) -> String { chroot(account) + "/receipts" }
    /// The watcher's own directory (on the drops' file system, so that a claim is a rename): each claimed file
    /// waits in `work/<upload id>/` until its receipt is written.
    public var work: String { root + "/work" }

    /// sshd's configuration for `accounts` (each gets its chroot; any other user is refused).
    public func sshdConfig(accounts: [String]) -> String {
        var lines = [
            "# Written by linkhaven-server sftp configure; changes are overwritten.",
            "ListenAddress \(listen)", "Port \(port)", "HostKey \(hostKeyPath)", "PidFile \(root)/etc/sshd.pid",
            "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin no", "UsePAM no",
            "AuthorizedKeysFile none", "AuthorizedKeysCommand \(keysCommand) %u", "AuthorizedKeysCommandUser \(keysCommandUser)",
            "AllowTcpForwarding no", "AllowAgentForwarding no", "AllowStreamLocalForwarding no", "X11Forwarding no", "PermitTunnel no",
            "PermitTTY no", "PermitUserRC no", "Subsystem sftp internal-sftp",
            "AllowUsers " + (accounts.isEmpty ? "nobody-linkhaven" : accounts.sorted().joined(separator: " ")),
        ]
        for account in accounts.sorted() {
            lines += ["Match User \(account)", "  ChrootDirectory \(chroot(account))", "  ForceCommand internal-sftp -d /drop -u 0027"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
