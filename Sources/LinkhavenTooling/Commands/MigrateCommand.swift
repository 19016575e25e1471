import ArgumentParser
import LinkhavenServer

/// `linkhaven-server migrate`: brings the database's schema up to this version, then stops.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database's schema up to this version, then stop.",
        discussion: """
            Every start migrates too; run this first when several servers and workers share one PostgreSQL \
            database, so that none of them starts on a schema the others do not know. A step that has run is \
            never run again.
            """)

    func run() async throws {
        try await PlatformApplication.run([]) { _, _ in
            print("The schema is up to date: \(migrationCount) steps (Sources/LinkhavenServer/Migrations).")
        }
    }
}
