import Foundation

/// Runs the built `linkhaven` binary in a scratch directory, as a user would.
final class CLIRunner {
    let dir: String
    let binary: String
    let samples: String

    struct Result {
        var status: Int32, stdout: String, stderr: String
    }

    init() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        samples = root.appendingPathComponent("Samples").path
        let products = Bundle.main.executableURL!.deletingLastPathComponent()
        var candidate = products.appendingPathComponent("linkhaven").path
        if !FileManager.default.isExecutableFile(atPath: candidate) {
            candidate = root.appendingPathComponent(".build/debug/linkhaven").path
        }
        binary = candidate
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhcli-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if !env.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func path(_ name: String) -> String { dir + "/" + name }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func write(_ name: String, _ text: String) throws { try text.write(toFile: path(name), atomically: true, encoding: .utf8) }
    func copySample(_ name: String) throws { try FileManager.default.copyItem(atPath: samples + "/" + name, toPath: path(name)) }
}
