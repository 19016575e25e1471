import Foundation
import Logging

/// A swift-log handler that writes each event as one JSON object on one line, for a log store to index:
/// `time` (UTC, milliseconds), `level`, `logger` (the logger's label), `message`, then the metadata's keys in order,
/// and `source` (`file:line`) for warnings and worse. Whatever is logged is written as given: the platform's code
/// never logs request values, and the suite scans every line it writes for the synthetic data's identifiers.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: LogSink

    public init(label: String, level: Logger.Level, sink: LogSink, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label; self.logLevel = level; self.sink = sink; self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let given = event.metadata { all.merge(given) { $1 } }
        var line = "{\"time\":" + Self.quoted(Self.timestamp(Date())) + ",\"level\":" + Self.quoted(event.level.rawValue)
            + ",\"logger\":" + Self.quoted(label) + ",\"message\":" + Self.quoted(event.message.description)
        for key in all.keys.sorted() where !["time", "level", "logger", "message", "source"].contains(key) {
            line += "," + Self.quoted(key) + ":" + Self.json(all[key]!)
        }
        if event.level >= .warning {
            line += ",\"source\":" + Self.quoted("\((event.file as NSString).lastPathComponent):\(event.line)")
        }
        sink.write(line + "}")
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): quoted(s)
        case .stringConvertible(let n as any BinaryInteger): "\(n)"
        case .stringConvertible(let d as Double) where d.isFinite: "\(d)"
        case .stringConvertible(let c): quoted(c.description)
        case .array(let a): "[" + a.map(json).joined(separator: ",") + "]"
        case .dictionary(let d): "{" + d.keys.sorted().map { quoted($0) + ":" + json(d[$0]!) }.joined(separator: ",") + "}"
        }
    }

    /// `s` as a JSON string: quotes, backslashes and control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029:
                out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}
