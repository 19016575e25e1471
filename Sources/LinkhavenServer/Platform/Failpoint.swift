import Foundation

/// Named crash points for the kill tests: when `LINKHAVEN_FAILPOINT` names a point, the process
/// kills itself there (SIGKILL, like a power cut). Unset in production, it does nothing.
enum Failpoint {
    static let armed = ProcessInfo.processInfo.environment["LINKHAVEN_FAILPOINT"]

    static func hit(_ name: String) {
        guard let armed, armed == name else { return }
        kill(getpid(), SIGKILL)
    }
}
