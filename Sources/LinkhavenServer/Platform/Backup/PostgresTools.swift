import Foundation
import LinkhavenCore

/// PostgreSQL's own client programs for a backup and a restore (`pg_dump` takes a consistent snapshot while the
/// service runs; `pg_restore` puts it back), pointed at `DATABASE_URL` through libpq's environment: the password
/// goes in `PGPASSWORD`, never on a command line another user of the host could read.
struct PostgresTools {
    let url: String

    /// The URL as libpq's variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGSSLMODE`).
    var environment: [String: String] {
        get throws {
            guard let c = URLComponents(string: url), ["postgres", "postgresql"].contains(c.scheme ?? ""), let host = c.host else {
                throw BackupError("DATABASE_URL is not a postgres:// URL")
            }
            var env = ["PGHOST": host, "PGPORT": String(c.port ?? 5432), "PGDATABASE": String(c.path.dropFirst())]
            if let user = c.user { env["PGUSER"] = user.removingPercentEncoding ?? user }
            if let password = c.password { env["PGPASSWORD"] = password.removingPercentEncoding ?? password }
            if let mode = c.queryItems?.first(where: { $0.name == "sslmode" })?.value { env["PGSSLMODE"] = mode }
            return env
        }
    }

    /// The database's name (`PGDATABASE`), which `pg_restore` must be told to restore into at all.
    var database: String { get throws { try environment["PGDATABASE"] ?? "" } }

    /// Runs a PostgreSQL client program with the connection's environment; throws with what it said when it fails.
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let path = try BackupFiles.postgresTool(tool)
        let env = try environment
        // The child inherits this process's environment: set, run, and put back what was there.
        let saved = env.keys.map { ($0, ProcessInfo.processInfo.environment[$0]) }
        for (k, v) in env { setenv(k, v, 1) }
        defer { for (k, v) in saved { if let v { setenv(k, v, 1) } else { unsetenv(k) } } }
        let (status, output) = try ChildProcess.run(path, arguments)
        guard status == 0 else { throw BackupError("\(tool) failed (\(status)): \(output.suffix(600))") }
        return output
    }

    /// How many tables the database's public schema has (0: empty, ready to restore into).
    func tableCount() throws -> Int {
        let out = try run("psql", ["-X", "-q", "-t", "-A", "-c", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"])
        guard let n = Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw BackupError("psql did not say how many tables there are") }
        return n
    }
}
