import Foundation

/// Facts about the machine and this process.
public enum System {
    /// The number of active processor cores.
    public static var coreCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The most memory this process has held resident so far (Linux's VmHWM, in bytes); nil where the system
    /// does not say.
    public static func peakMemoryBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return nil }
        return kb * 1024
    }
}
