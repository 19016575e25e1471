import ArgumentParser
import Foundation
import LinkhavenServer

/// `linkhaven-server restore --from DIR`: a backup put back into an empty data directory and database, then checked.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty data directory (and empty database), after checking its signed manifest, then verify it.",
        discussion: """
            Needs the master key the backup's keys are wrapped by at LINKHAVEN_MASTER_KEY, and the platform's current key vault \
            at LINKHAVEN_KEY_VAULT (default DATA/key-vault; no backup holds it, so a dataset destroyed since the backup stays \
            destroyed). Checks the manifest's signature and \
            every part's size and SHA-256 before writing anything; then starts the platform on what it wrote and checks that every \
            dataset version opens and hashes as recorded and every audit chain verifies. Exits non-zero if anything does not.
            """)

    @ArgumentParser.Option(name: .customLong("from"), help: "The backup's directory.") var from: String

    func run() async throws {
        let started = ContinuousClock.now
        let manifest = try PlatformRestore.unpack(from: from, config: ServerConfiguration.fromEnvironment())
        say("Backup of \(manifest.takenAt) checked against its signed manifest (\(manifest.parts.count) parts) and written.")
        try await PlatformApplication.run(["--log", "warning"]) { app, _ in
            let r = try await PlatformRestore.verify(app, manifest: manifest)
            let runs = r.runs.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            say("Dataset versions: \(r.versionsOpened) open and hash as recorded; \(r.versionsDestroyed) destroyed (\(r.certificates) destruction certificates held).")
            for d in r.destroyedSinceBackup {
                say("  dataset version \(d.version) was destroyed after this backup was taken (erased \(ISO8601DateFormatter().string(from: d.erasedAt))"
                    + (d.certificate.map { ", certificate \($0)" } ?? "") + "): its key stays erased, and its destruction was applied again.")
            }
            say("Audit: \(r.auditChains) chains, \(r.auditEvents) events, verified against the platform's key.")
            say("Linkage runs: \(runs.isEmpty ? "none" : runs); analysis outputs: \(r.outputs).")
            for p in r.problems { say("PROBLEM: \(p)") }
            guard r.ok else { throw ValidationFailure("the restored platform does not hold what the backup recorded (\(r.problems.count) problems above)") }
            say(String(format: "Restored and verified in %.1f s.", (ContinuousClock.now - started).seconds))
        }
    }
}
