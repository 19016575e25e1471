import Foundation
import Testing

/// A real OpenID provider for a test: django-oidc-provider (PyPI) in the one-file site
/// `Tests/sso/oidc_provider_site.py`, on 127.0.0.1, stopped when the test ends. The Python is
/// LINKHAVEN_PYTHON (`.ci/run` installs Django and django-oidc-provider in its virtual environment).
final class OIDCProviderProcess: @unchecked Sendable {
    struct User { var username, email, password: String; var mfa: Bool }
    struct Client { var id, secret, redirect: String }
    let issuer: String
    private let process: Process
    static let python = ProcessInfo.processInfo.environment["LINKHAVEN_PYTHON"] ?? "python3"
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sso").path

    /// Whether this machine can run the provider; under LINKHAVEN_SSO_TESTS=1 (as `.ci/run` sets) it must.
    static var available: Bool {
        if ProcessInfo.processInfo.environment["LINKHAVEN_SSO_TESTS"] == "1" { return true }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python, "-c", "import django, oidc_provider"]
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    init(in dir: String, clients: [Client], users: [User], idTokenSeconds: Int = 600) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let setup: [String: Any] = ["dir": dir, "idTokenSeconds": idTokenSeconds,
                                    "clients": clients.map { ["id": $0.id, "secret": $0.secret, "redirect": $0.redirect] },
                                    "users": users.map { ["username": $0.username, "email": $0.email, "password": $0.password, "mfa": $0.mfa] as [String: Any] }]
        let path = dir + "/setup.json"
        try JSONSerialization.data(withJSONObject: setup).write(to: URL(fileURLWithPath: path))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.python, Self.directory + "/oidc_provider_site.py", path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // The first line says it is ready, and where.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let ready = text.split(separator: "\n").first, ready.hasPrefix("ready ") else {
            kill(process.processIdentifier, SIGKILL)
            throw ProviderError(what: "the OpenID provider did not start: \(text)")
        }
        issuer = String(ready.dropFirst(6))
        // Wait until it answers.
        for _ in 0..<100 {
            if (try? Data(contentsOf: URL(string: issuer + "/.well-known/openid-configuration")!)) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw ProviderError(what: "the OpenID provider did not answer at \(issuer)")
    }

    deinit { stop() }

    /// Stops the provider (SIGKILL: a Python started from the test process may not act on SIGTERM).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Signs in at the provider's own login form as a browser would; returns where it sends the browser back.
    func signIn(authorize: String, username: String, password: String, back: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [Self.python, Self.directory + "/provider_login.py", authorize, username, password, back]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ProviderError(what: "signing in at the provider failed: \(String(decoding: e, as: UTF8.self))") }
        return String(decoding: o, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ProviderError: Error, CustomStringConvertible { var what: String; var description: String { what } }
}
