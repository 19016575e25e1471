/// Validates NHS numbers (ten digits with a modulus 11 check digit) and writes them as ten
/// digits. Spaces and hyphens are allowed in the input; numbers of one repeated digit are
/// rejected as placeholders even where they pass the check.
public enum NHSNumberNormaliser {
    /// `true` when `digits` (ten decimal digits) passes the modulus 11 check.
    public static func passesCheck(_ digits: [Int]) -> Bool {
        guard digits.count == 10 else { return false }
        var sum = 0
        for i in 0..<9 { sum += digits[i] * (10 - i) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == digits[9]
    }

    /// Normalises an NHS number; `nil` when empty.
    public static func normalise(_ raw: String) throws(NormalisationError) -> NormalisedValue? {
        let kept = raw.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "-" }
        if kept.isEmpty { return nil }
        guard kept.allSatisfy({ ("0"..."9").contains($0) }) else { throw NormalisationError("has characters other than digits") }
        let digits = kept.map { Int($0.value) - 48 }
        guard digits.count == 10 else { throw NormalisationError("does not have 10 digits") }
        guard Set(digits).count > 1 else { throw NormalisationError("is a placeholder of one repeated digit") }
        guard passesCheck(digits) else { throw NormalisationError("fails the NHS number check digit") }
        return NormalisedValue(String(String.UnicodeScalarView(kept)))
    }
}

/// Validates Unique Property Reference Numbers (1 to 12 digits, positive) and writes them
/// without leading zeros. A trailing `.0` from a spreadsheet export is accepted.
public enum UPRNNormaliser {
    /// Normalises a UPRN; `nil` when empty.
    public static func normalise(_ raw: String) throws(NormalisationError) -> NormalisedValue? {
        var s = raw.trimmingWhitespace
        if s.isEmpty { return nil }
        if s.hasSuffix(".0") { s.removeLast(2) }
        guard !s.isEmpty, s.allSatisfy(\.isASCIIDigit) else { throw NormalisationError("is not a whole number") }
        let stripped = s.drop { $0 == "0" }
        guard !stripped.isEmpty else { throw NormalisationError("is zero") }
        guard stripped.count <= 12 else { throw NormalisationError("has more than 12 digits") }
        return NormalisedValue(String(stripped))
    }
}

/// Maps the sex and gender codes UK systems use to `M`, `F` or `X`; "not known" and
/// "not specified" codes (NHS 0 and 9, U, unknown) are missing values, not errors.
public enum SexNormaliser {
    static let table: [String: String?] = [
        "m": "M", "male": "M", "man": "M", "boy": "M", "1": "M",
        "f": "F", "female": "F", "woman": "F", "girl": "F", "2": "F",
        "x": "X", "i": "X", "indeterminate": "X", "intersex": "X", "other": "X", "non-binary": "X", "nonbinary": "X",
        "0": nil, "9": nil, "u": nil, "unknown": nil, "not known": nil, "not specified": nil, "n": nil, "prefer not to say": nil,
    ]

    /// Normalises a sex or gender code; `nil` when empty or not known.
    public static func normalise(_ raw: String) throws(NormalisationError) -> NormalisedValue? {
        let key = TextFolding.fold(raw.trimmingWhitespace)
        if key.isEmpty { return nil }
        guard let mapped = table[key] else { throw NormalisationError("is not a recognised sex or gender code") }
        return mapped.map { NormalisedValue($0) }
    }
}
