import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `linkhaven-server` (and `linkhaven`) binaries, run as separate processes on 127.0.0.1.
final class ServerProcess {
    static let products: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let beside = Bundle.main.executableURL!.deletingLastPathComponent()
        return FileManager.default.isExecutableFile(atPath: beside.appendingPathComponent("linkhaven-server").path) ? beside : root.appendingPathComponent(".build/debug")
    }()
    let process = Process()
    let port: Int
    let log: String

    /// Starts the server on the data directory, optionally armed to crash at `failpoint`, with `environment` added
    /// (a `DATABASE_URL` there wins over the test database's); waits (up to two minutes) until it answers.
    init(dataDirectory: String, port: Int, failpoint: String? = nil, environment: [String: String] = [:]) async throws {
        self.port = port
        log = dataDirectory + "/../server-\(port)-\(UUID().uuidString.prefix(4)).log"
        try Self.launch(process, ["serve", "--hostname", "127.0.0.1", "--port", String(port)], dataDirectory: dataDirectory, log: log, failpoint: failpoint,
                        environment: environment)
        for _ in 0..<1200 {
            if (try? await get("api/v1/platform/public-key").0) == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServerProcessError("the server did not start: " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
    }

    /// Runs `linkhaven-server` with `arguments` on the data directory (and the test database, if any), its output to `log`
    /// and its JSON log lines to a file of the suite's logs, whose path it returns (for a failing test to show).
    @discardableResult
    static func launch(_ process: Process, _ arguments: [String], dataDirectory: String, log: String, failpoint: String? = nil,
                       environment extra: [String: String] = [:]) throws -> String {
        process.executableURL = products.appendingPathComponent("linkhaven-server")
        process.arguments = arguments
        let jsonLog = SuiteLog.serverLogFile()
        process.environment = environment(dataDirectory: dataDirectory, failpoint: failpoint, extra: ["LINKHAVEN_LOG_FILE": jsonLog].merging(extra) { $1 })
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        return jsonLog
    }

    /// The end of what a process wrote: its output, then its JSON log lines.
    static func tail(output: String, jsonLog: String, characters: Int = 3000) -> String {
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return String((read(output) + read(jsonLog)).suffix(characters))
    }

    /// The server's environment for the data directory (and the test database, if any).
    static func environment(dataDirectory: String, failpoint: String? = nil, extra: [String: String] = [:]) -> [String: String] {
        var env = ["LINKHAVEN_DATA": dataDirectory, "LINKHAVEN_RETENTION_SWEEP_SECONDS": "0", "PATH": "/usr/bin:/bin",
                   "LINKHAVEN_LOG_FILE": SuiteLog.serverLogFile()].merging(extra) { $1 }
        if env["DATABASE_URL"] == nil, let url = ProcessInfo.processInfo.environment["LINKHAVEN_TEST_DATABASE_URL"] { env["DATABASE_URL"] = url }
        if let failpoint { env["LINKHAVEN_FAILPOINT"] = failpoint }
        return env
    }

    deinit { stop() }

    /// Stops the server (SIGTERM) and waits for it.
    func stop() { if process.isRunning { process.terminate(); process.waitUntilExit() } }

    func get(_ path: String, token: String? = nil) async throws -> (Int, Data) { try await send("GET", path, token: token) }

    func send(_ method: String, _ path: String, token: String? = nil, json: String = "{}") async throws -> (Int, Data) {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/\(path)")!)
        r.httpMethod = method
        if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if method != "GET" { r.httpBody = Data(json.utf8); r.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: r)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// Waits for the process to end (it kills itself at its failpoint); returns whether it was killed.
    func waitForCrash(seconds: Double = 60) async throws -> Bool {
        for _ in 0..<Int(seconds * 10) where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        return !process.isRunning && process.terminationReason == .uncaughtSignal
    }

    /// Runs the provider tool; returns its exit status and output.
    static func linkhaven(_ args: [String], env: [String: String]) throws -> (Int32, String) {
        try run(products.appendingPathComponent("linkhaven"), args, env: env.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a })
    }

    /// Runs a program to its end (killed after `timeout` seconds, if given, so that one that should have
    /// stopped cannot hang the suite); returns its exit status and its output and errors together.
    static func run(_ program: URL, _ args: [String], env: [String: String]? = nil, timeout: Double? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = program
        p.arguments = args
        if let env { p.environment = env }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let deadline = DispatchWorkItem { if p.isRunning { p.terminate() } }
        if let timeout { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline) }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        deadline.cancel()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `linkhaven(_:env:)` on a thread of its own, so that an in-process server keeps every worker thread.
    static func linkhavenInBackground(_ args: [String], env: [String: String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { c in
            Thread { c.resume(with: Result { try linkhaven(args, env: env) }) }.start()
        }
    }

    static func freePort() -> Int { Int.random(in: 20_000...39_000) }
}

struct ServerProcessError: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }
