import ArgumentParser
import Foundation
import LinkhavenServer

/// `linkhaven-server`: the platform (`serve`, the default), its linkage workers, its administration
/// commands, and the tooling around it (the demo, the benchmarks, the OpenAPI document).
public struct LinkhavenServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "linkhaven-server",
        abstract: "The Linkhaven platform: pseudonymised data sharing and record linkage under information sharing agreements.",
        discussion: """
            Configured by the environment: LINKHAVEN_DATA (the data directory, default ./data), DATABASE_URL (PostgreSQL; \
            SQLite in the data directory when unset), LINKHAVEN_MASTER_KEY and the others in docs/operator-guide.md.
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, WorkerCommand.self, CreateOperatorCommand.self, RotateMasterKeyCommand.self,
            OpenAPICommand.self, DemoCommand.self, BenchIngestCommand.self, BenchLoadCommand.self, SFTPCommand.self, BackupCommand.self,
            RestoreCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)

    public init() {}
}

/// Writes a line at once (not buffered), so progress shows as it happens even through a pipe.
@Sendable func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

extension ParsableCommand {
    /// Parses `arguments` as this command's and reads what it needs from it; a bad argument throws the
    /// command's own message (as the command line would print it).
    static func parsed<T>(_ arguments: [String], _ read: (Self) -> T) throws -> T {
        do { return read(try parse(arguments)) } catch { throw APIClientError(message(for: error)) }
    }
}

/// A whole number option within its range, or a message naming the option and the range.
func check(_ value: Int, _ option: String, _ range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
        throw ValidationError("\(option) needs a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
}
