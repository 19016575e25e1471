#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinkhavenCore

/// Terminal output helpers: progress on standard error when it is a terminal, nothing otherwise.
enum Terminal {
    static var stderrIsTTY: Bool { isatty(2) == 1 }
    static var stdoutIsTTY: Bool { isatty(1) == 1 }

    static func error(_ message: String) {
        var m = message + "\n"
        m.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(twoDigits((s / 60) % 60))m" : "\(s / 60):\(twoDigits(s % 60))"
    }

    static func twoDigits(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

/// A one-line progress bar: rows, rows per second and time left.
final class ProgressBar {
    private let enabled: Bool
    private var lastDraw = -1.0

    init(enabled: Bool = Terminal.stderrIsTTY) { self.enabled = enabled }

    func update(_ p: ProgressSnapshot, force: Bool = false) {
        guard enabled, force || p.elapsed - lastDraw >= 0.2 else { return }
        lastDraw = p.elapsed
        let rate = p.elapsed > 0 ? Double(p.rows) / p.elapsed : 0
        var line = "\r\(Terminal.grouped(p.rows)) rows  \(Terminal.grouped(Int(rate))) rows/s"
        if p.totalBytes > 0 {
            let frac = min(1, Double(p.bytesRead) / Double(p.totalBytes))
            let width = 24
            let filled = Int(frac * Double(width))
            line += "  [" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(Int(frac * 100))%"
            if frac > 0.001 { line += "  ETA \(Terminal.duration(p.elapsed * (1 - frac) / frac))" }
        }
        Terminal.error(line + "   \u{1B}[K\u{1B}[1A")
    }

    func finish() {
        if enabled { Terminal.error("") }
    }
}
