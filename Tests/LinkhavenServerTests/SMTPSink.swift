import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server for tests: Debian's aiosmtpd (`python3-aiosmtpd`) on 127.0.0.1, keeping what it
/// receives in a Maildir. `.ci/run` installs it; `LINKHAVEN_SMTP_SINK_PYTHON` names another Python
/// that has it. It stops when the test does.
final class SMTPSink: @unchecked Sendable {
    let port: UInt16, directory: String
    private let process: Process

    struct Message { var to: String; var subject: String; var body: String }

    /// Whether the Python the sink uses has aiosmtpd.
    static let available: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["LINKHAVEN_SMTP_SINK_PYTHON"] ?? "/usr/bin/python3")
        p.arguments = ["-c", "import aiosmtpd"]
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// A free port on 127.0.0.1, to start a sink on (now or later).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw SinkError("no free port") }
        return UInt16(bigEndian: addr.sin_port)
    }

    init(port: UInt16? = nil) throws {
        self.port = try port ?? Self.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lhmail-\(UUID())").path
        let python = ProcessInfo.processInfo.environment["LINKHAVEN_SMTP_SINK_PYTHON"] ?? "/usr/bin/python3"
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(self.port)", "-c", "aiosmtpd.handlers.Mailbox", directory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let until = Date().addingTimeInterval(15)
        while !Self.accepts(self.port) {
            guard process.isRunning, Date() < until else {
                stop()
                throw SinkError("aiosmtpd did not start (install Debian's python3-aiosmtpd, or set LINKHAVEN_SMTP_SINK_PYTHON)")
            }
            usleep(50_000)
        }
    }

    /// Stops the sink (SIGKILL: aiosmtpd's loop does not end on SIGTERM) and reaps it.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        let until = Date().addingTimeInterval(10)
        while process.isRunning, Date() < until { usleep(20_000) }
    }

    deinit { stop(); try? FileManager.default.removeItem(atPath: directory) }

    /// The messages received so far.
    func messages() -> [Message] {
        let new = directory + "/new"
        return ((try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []).sorted().compactMap { name in
            guard let text = try? String(contentsOfFile: new + "/" + name, encoding: .utf8) else { return nil }
            let parts = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            let headers = parts.first ?? ""
            func header(_ key: String) -> String {
                headers.split(separator: "\n").first { $0.lowercased().hasPrefix(key.lowercased() + ":") }
                    .map { String($0.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces) } ?? ""
            }
            return Message(to: header("To"), subject: header("Subject"), body: parts.dropFirst().joined(separator: "\n\n"))
        }
    }

    /// Waits (up to `seconds`) until at least `count` messages arrived.
    func waitFor(_ count: Int, seconds: Double = 30) async throws -> [Message] {
        let until = Date().addingTimeInterval(seconds)
        while messages().count < count, Date() < until { try await Task.sleep(for: .milliseconds(100)) }
        return messages()
    }

    static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: port.bigEndian, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")),
                               sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        return withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    struct SinkError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
