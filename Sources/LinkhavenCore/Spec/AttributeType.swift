/// What an output column holds, as the agreement describes it: the profile the breach guard
/// judges each value against, so that one out-of-place cell (a surname pasted into a code
/// column) stands out.
public enum AttributeType: String, Codable, Sendable, CaseIterable {
    /// Numbers (counts, amounts, scores).
    case number
    /// Codes of letters and digits (E01021000, SCH880, F32.1).
    case code
    /// One-character flags (Y/N, 1/0).
    case flag
    /// A small set of words or phrases repeated across records (tenure, referral source).
    case category
    /// Partial dates (years, months).
    case date
    /// Free text written by people: it may hold words of any kind, and is searched for names
    /// and identifiers inside it.
    case text
}

extension SpecValidator {
    /// An attribute's `type` and `values`: a code list is short values, for a type that has one.
    func validateProfile(_ c: ColumnSpec, _ p: [P]) throws {
        guard let values = c.values else { return }
        if let t = c.type, ![.category, .code, .flag].contains(t) {
            throw fail(p + [.key("values")], "values (a code list) applies to attributes of type category, code or flag, not \(t.rawValue)")
        }
        guard !values.isEmpty, values.count <= 10_000 else { throw fail(p + [.key("values")], "values must list 1 to 10,000 codes") }
        guard values.allSatisfy({ !$0.isEmpty && $0.count <= 200 }) else { throw fail(p + [.key("values")], "each value must be 1 to 200 characters") }
    }
}
