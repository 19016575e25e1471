import ArgumentParser
import Foundation

/// How a command reports: text for people, JSON for scripts. By default, text on a terminal
/// and JSON otherwise.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, auto

    var isJSON: Bool {
        switch self {
        case .text: false
        case .json: true
        case .auto: !Terminal.stdoutIsTTY
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}

/// Paths next to an input file.
enum Paths {
    static func stem(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let dir = (path as NSString).deletingLastPathComponent
        let base = name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
        return dir.isEmpty ? base : dir + "/" + base
    }

    static func directory(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
