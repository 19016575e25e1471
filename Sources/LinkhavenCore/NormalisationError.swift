/// Why a value could not be normalised. Reasons describe the problem, never the value.
public struct NormalisationError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// A short reason, e.g. "fails the NHS number check digit".
    public let reason: String

    /// A reason.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// The result of normalising one value: its canonical text and named parts (e.g. a postcode's
/// district, an address's postcode), or `nil` when the value is missing.
public struct NormalisedValue: Sendable, Equatable {
    /// The canonical form, which is what tokens are made of.
    public var canonical: String
    /// Derived parts, by name (see each normaliser).
    public var parts: [String: String]
    /// Name parts (for names: each part of a double-barrelled or multi-part name).
    public var pieces: [String]

    /// A value with optional parts.
    public init(_ canonical: String, parts: [String: String] = [:], pieces: [String] = []) {
        self.canonical = canonical
        self.parts = parts
        self.pieces = pieces
    }
}
