/// Normalises person names: Unicode folding, case, punctuation, titles and suffixes,
/// hyphenated and double-barrelled names, extra whitespace.
///
/// `"Dr. Siân  O'Brien-Smythe"` → `"sian obrien smythe"` with pieces `["sian", "obrien", "smythe"]`.
/// Hyphens and spaces are equivalent, so "Smith-Jones" and "Smith Jones" give one token.
public enum NameNormaliser {
    static let titles: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "master", "dr", "doctor", "prof", "professor", "rev", "revd",
        "reverend", "fr", "father", "sir", "dame", "lord", "lady", "hon", "sister", "cllr",
    ]
    static let suffixes: Set<String> = ["jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii", "iv", "esq", "phd", "obe", "mbe", "cbe"]
    static let placeholders: Set<String> = ["unknown", "not known", "notknown", "n/a", "na", "none", "null", "baby", "infant", "xxx", "zzz", "tbc", "nk"]

    /// Normalises a name; `nil` when it is missing or a placeholder such as "Unknown".
    public static func normalise(_ raw: String) throws(NormalisationError) -> NormalisedValue? {
        let folded = TextFolding.fold(raw)
        let trimmed = folded.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if trimmed.isEmpty || placeholders.contains(trimmed) { return nil }
        var words = TextFolding.words(folded)
        if words.contains(where: { $0.utf8.contains { $0 >= 48 && $0 <= 57 } }) {
            throw NormalisationError("contains digits")
        }
        while words.count > 1, titles.contains(words[0]) { words.removeFirst() }
        while words.count > 1, let last = words.last, suffixes.contains(last) { words.removeLast() }
        words = words.map { $0 == "saint" ? "st" : $0 }
        guard !words.isEmpty else { throw NormalisationError("has no letters") }
        return NormalisedValue(words.joined(separator: " "), pieces: words)
    }
}
