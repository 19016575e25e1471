import Foundation

/// A route's path as the contract spells it, with named parameters in braces:
/// `/api/v1/projects/{id}/datasets`. The server registers it, the clients fill it, and the OpenAPI
/// document declares its parameters, all from this one spelling.
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One segment between slashes: fixed text, or a parameter's name.
    public enum Segment: Sendable, Hashable {
        case constant(String)
        case parameter(String)
    }

    public let segments: [Segment]

    /// Parses `template`; a segment `{name}` is a parameter. A malformed template is a programming
    /// error in the contract and stops the program.
    public init(_ template: String) {
        precondition(template.hasPrefix("/"), "a path template starts with '/': \(template)")
        segments = template.split(separator: "/").map { s in
            if s.hasPrefix("{") && s.hasSuffix("}") && s.count > 2 { return .parameter(String(s.dropFirst().dropLast())) }
            precondition(!s.contains("{") && !s.contains("}"), "a brace in a fixed segment: \(template)")
            return .constant(String(s))
        }
        let names = parameters
        precondition(Set(names).count == names.count, "a parameter named twice: \(template)")
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The segments below `/api/v1`, where the API's endpoints live; all of them for a path outside it (the health checks).
    public var segmentsBelowAPI: ArraySlice<Segment> {
        segments.prefix(2).elementsEqual([.constant("api"), .constant("v1")]) ? segments.dropFirst(2) : segments[...]
    }

    /// The parameters' names, in order.
    public var parameters: [String] { segments.compactMap { if case .parameter(let n) = $0 { n } else { nil } } }

    /// The template as written.
    public var description: String {
        "/" + segments.map { switch $0 { case .constant(let c): c; case .parameter(let n): "{\(n)}" } }.joined(separator: "/")
    }

    /// Whether a request's path (without its query) is this template's, any value standing for a parameter.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard path.hasPrefix("/"), parts.count == segments.count else { return false }
        return zip(segments, parts).allSatisfy { segment, part in
            switch segment {
            case .constant(let c): part == c
            case .parameter: !part.isEmpty
            }
        }
    }

    /// The path with each parameter replaced by its value (percent-encoded), in order of `parameters`.
    /// Too few or too many values is a programming error.
    public func filled(_ values: [String]) -> String {
        precondition(values.count == parameters.count, "\(self) takes \(parameters.count) values, not \(values.count)")
        var next = values.makeIterator()
        return "/" + segments.map { segment -> String in
            switch segment {
            case .constant(let c): return c
            case .parameter: return next.next()!.addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? ""
            }
        }.joined(separator: "/")
    }
}

extension CharacterSet {
    /// Characters allowed in one path segment: a value never adds a segment of its own.
    static let urlPathSegmentAllowed: CharacterSet = {
        var s = CharacterSet.urlPathAllowed
        s.remove("/")
        return s
    }()
}
