import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go: standard output (for systemd's journal or a container's log collector), or a file opened for
/// appending with mode 0600. Each line is written whole, under a lock, with one `write`.
public final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private let fd: Int32

    /// Standard output.
    public static let standardOutput = LogSink(fd: STDOUT_FILENO)

    private init(fd: Int32) { self.fd = fd }

    /// A file at `path`, created 0600 if missing and appended to.
    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConfigurationError("the log file cannot be opened for appending: \(String(cString: strerror(errno)))") }
        self.fd = fd
    }

    /// Writes `line` and a newline.
    public func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        lock.withLock {
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if n < 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
