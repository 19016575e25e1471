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
    public var parts: NormalisedParts
    /// Name parts (for names: each part of a double-barrelled or multi-part name).
    public var pieces: [String]

    /// A value with optional parts.
    public init(_ canonical: String, parts: NormalisedParts = [:], pieces: [String] = []) {
        self.canonical = canonical
        self.parts = parts
        self.pieces = pieces
    }
}

/// A normalised value's named parts: a handful of short entries, kept in a small array because
/// building a dictionary for every value costs more than searching a few names.
public struct NormalisedParts: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var entries: [(name: String, value: String)]

    /// Parts from name–value pairs (empty values are left out).
    public init(dictionaryLiteral elements: (String, String)...) {
        entries = elements.filter { !$0.1.isEmpty }.map { (name: $0.0, value: $0.1) }
    }

    /// The part called `name`, if present.
    public subscript(name: String) -> String? {
        get { entries.first { $0.name == name }?.value }
        set {
            entries.removeAll { $0.name == name }
            if let newValue, !newValue.isEmpty { entries.append((name, newValue)) }
        }
    }

    /// The names present.
    public var names: [String] { entries.map(\.name) }

    public static func == (a: Self, b: Self) -> Bool {
        a.entries.count == b.entries.count && a.entries.allSatisfy { b[$0.name] == $0.value }
    }
}
