import ArgumentParser
import Foundation
import LinkhavenServer

/// `linkhaven-server sftp …`: what an operator needs to run the SFTP drop-box with Debian's OpenSSH.
struct SFTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sftp", abstract: "The SFTP drop-box: the keys sshd asks for.", subcommands: [SFTPAuthorizedKeysCommand.self])
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
        try await PlatformApplication.run(["--log", "critical"]) { app, _ in
            for line in try await SFTPDropBox.authorizedKeys(account: account, app: app) { print(line) }
        }
    }
}
