import Foundation
import Vapor

/// How the server's commands log: JSON lines by default (`LINKHAVEN_LOG_FORMAT=json`), or Vapor's text for a person
/// at a terminal (`text`); to standard output, or appended to `LINKHAVEN_LOG_FILE` (mode 0600). The level comes from
/// `--log` or `LOG_LEVEL` (default `info`: one line per request, and what goes wrong).
public enum PlatformLogging {
    /// Bootstraps swift-log for this process (once) from the environment's settings.
    public static func bootstrap(from environment: inout Environment, settings: [String: String] = ProcessInfo.processInfo.environment) throws {
        switch settings["LINKHAVEN_LOG_FORMAT"].map({ $0.lowercased() }) ?? "json" {
        case "text":
            try LoggingSystem.bootstrap(from: &environment)
        case "json":
            let sink = try settings["LINKHAVEN_LOG_FILE"].flatMap { $0.isEmpty ? nil : $0 }.map(LogSink.init(path:)) ?? .standardOutput
            try LoggingSystem.bootstrap(from: &environment) { level in { label in JSONLogHandler(label: label, level: level, sink: sink) } }
        case let other:
            throw ConfigurationError("LINKHAVEN_LOG_FORMAT: '\(other.prefix(20))' is neither json nor text")
        }
    }
}
