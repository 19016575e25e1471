/// A problem in a linkage spec, naming the file, line and place.
public struct SpecError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file the spec came from (or a label).
    public var file: String
    /// The 1-based line, where known.
    public var line: Int?
    /// What is wrong and, where possible, how to fix it.
    public var message: String

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
