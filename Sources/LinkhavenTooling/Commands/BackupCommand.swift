import ArgumentParser
import Foundation
import LinkhavenServer

/// `linkhaven-server backup --to DIR`: a consistent backup while the service runs (see `PlatformBackup`).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database and the encrypted file store while the service runs, with a signed manifest (never the master key).",
        discussion: """
            DIR must be new or empty. The database is snapshotted first (SQLite's VACUUM INTO, or pg_dump for PostgreSQL), \
            then the store's files are copied; manifest.json lists every part with its size and SHA-256, signed by the \
            platform's key, which is in the backup sealed by the master key. Keep the master key apart from the backups.
            """)

    @ArgumentParser.Option(name: .customLong("to"), help: "The directory to write the backup into (new or empty).") var to: String

    func run() async throws {
        try await PlatformApplication.run(["--log", "warning"], adjusting: { $0.recoverAtBoot = false }) { app, _ in   // the running service's work is its own
            let report = try await PlatformBackup.take(app, to: to)
            say(String(format: "Backup taken at %@ into %@: the %@ database and %d encrypted files, %.1f MB, in %.1f s; master key %@ (not in the backup).",
                       report.manifest.takenAt, to, report.manifest.database, report.files, Double(report.bytes) / 1e6, report.seconds, report.manifest.masterKey))
            say("The key vault at \(report.keyVault) (\(report.vaultKeys) data keys, \(report.vaultTombstones) tombstone(s) of destroyed versions) is not in it either: "
                + "keep its one current copy apart, never old copies.")
        }
    }
}
