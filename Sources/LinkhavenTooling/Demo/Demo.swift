import Fluent
import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

/// `linkhaven-server demo`: the whole product in one command, on the embedded SQLite default. A
/// partnership (county, borough, police, university) is set up through the API; the six synthetic
/// datasets are pseudonymised at source with a provider-held key kept outside the server's data
/// directory and uploaded over HTTP; a bad file is rejected by the breach guard; linkage runs; the
/// school readiness analysis is disclosure-checked and released. Then it keeps serving the web
/// interface. Re-running continues (serves what is there); `--fresh` starts again.
public enum Demo {
    public struct Options: Sendable {
        public var directory = "demo"
        public var households = 2_000
        public var port = 8080
        /// Stop after the work instead of serving (CI).
        public var short = false
        public var fresh = false
        public init() {}
    }

    /// Runs the demo; `say` prints.
    public static func run(_ o: Options, say: @escaping @Sendable (String) -> Void) async throws {
        let data = o.directory + "/data", provider = o.directory + "/provider"
        if o.fresh { try? FileManager.default.removeItem(atPath: o.directory) }
        let continuing = FileManager.default.fileExists(atPath: provider + "/summary.txt")
        try await Application.running("demo") { app in
            var config = ServerConfiguration(dataDirectory: data)
            config.retentionSweepInterval = 0
            config.signInBurst = 200   // the script signs in some twenty users at once, all from 127.0.0.1
            try await configure(app, config)
            let port = try await app.serveOnLoopback(port: o.port)
            let base = "http://127.0.0.1:\(port)"
            if continuing {
                say("Continuing the demo in \(o.directory) (--fresh starts again).\n")
            } else {
                try await DemoScript(app: app, client: APIClient.http(app, base: base), provider: provider, households: o.households, say: say).run()
            }
            say((try? String(contentsOfFile: provider + "/summary.txt", encoding: .utf8)) ?? "")
            say("""

                The web interface: \(base)/app
                Sign in as any demo user below (two-factor stays on): the code is what an authenticator app with the
                user's key shows, or run:  swift run linkhaven-server demo codes\(o.directory == "demo" ? "" : " --dir \(o.directory)")
                The walk-through for analysts and reviewers is docs/analyst-guide.md.
                """)
            say(try DemoUsers.table(provider: provider))
            if !o.short {
                say("\nServing until you press Ctrl-C.")
                while true { try await Task.sleep(for: .seconds(3600)) }
            }
        }
    }
}

extension Demo {
    /// The demo users with their current sign-in codes.
    public static func codes(directory: String) throws -> String {
        "Current codes (valid for 30 seconds):\n" + (try DemoUsers.table(provider: directory + "/provider", codes: true))
    }
}
