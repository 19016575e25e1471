import Foundation

/// A request for a designed linkage run, as a platform queues it: the spec the run designs from (kept with the run,
/// so a later change of the project's spec does not change what a queued run does). Versioned JSON.
public struct DesignedLinkage: Codable, Sendable, Equatable {
    public static let currentFormat = "linkhaven-designed/1"
    /// Always ``currentFormat``.
    public var format: String
    /// The linkage spec the datasets were pseudonymised with.
    public var spec: LinkageSpec

    /// A request to design from `spec`.
    public init(spec: LinkageSpec) {
        format = Self.currentFormat
        self.spec = spec
    }

    /// The request `text` holds, or `nil` when it is something else (a link config).
    public static func read(_ text: String) -> DesignedLinkage? {
        guard let d = try? JSONDecoder().decode(DesignedLinkage.self, from: Data(text.utf8)), d.format == currentFormat else { return nil }
        return d
    }
}
