import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program run directly (no shell) with `posix_spawn` and waited for with `waitpid`. Not Foundation's `Process` for
/// OpenSSH's programs: they close every descriptor they inherit, which `Process` takes for the child's end, and it then
/// waits for that child on the one thread that notices every other child's end too.
public enum ChildProcess {
    /// Starts `path` with `arguments`, standard input from /dev/null, standard output and error to `log`. The caller
    /// waits for it with `wait`.
    public static func start(_ path: String, _ arguments: [String], log: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard status == 0 else { throw ChildProcessError(description: "cannot run \(path): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Waits for `pid` to end: its exit status (128 + the signal, if a signal ended it).
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Runs `path` to its end: its exit status and what it printed (both streams).
    public static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("linkhaven-child-\(UUID())").path
        defer { unlink(log) }
        let status = wait(try start(path, arguments, log: log))
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}

/// A program that could not be started, in words.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
}
