/// How one value of a free column looks, so a column's values can be told from one that does not
/// belong among them.
enum ValueShape: Int, CaseIterable, Sendable {
    case number, code, flag, date, lowerWords, titleWords, upperWords, text, other

    /// `true` for shapes that hold no word of letters: a word among them stands out.
    var isNonWord: Bool { self == .number || self == .code || self == .flag || self == .date }

    /// The shape of `v` (trimmed, non-empty).
    static func of(_ v: String) -> ValueShape {
        var letters = 0, digits = 0, spaces = 0, separators = 0, upper = 0, other = 0
        for b in v.utf8 {
            switch b {
            case 0x41...0x5A: letters += 1; upper += 1
            case 0x61...0x7A: letters += 1
            case 0x30...0x39: digits += 1
            case 0x20: spaces += 1
            case 0x2D, 0x2E, 0x2F, 0x3A, 0x2C: separators += 1
            case 0x27: break
            case 0x80...: letters += 1   // letters of other alphabets, mostly
            default: other += 1
            }
        }
        if v.count == 1 { return .flag }
        if letters == 0, digits > 0, spaces == 0 { return separators >= 2 || v.contains("/") || v.contains(":") ? .date : .number }
        if digits > 0, letters > 0, spaces <= 2 { return .code }
        let words = spaces + 1
        if words >= 4 || other > 0 || (separators > 0 && words >= 3) { return digits > 0 && letters == 0 ? .other : .text }
        if digits > 0 || letters == 0 { return .other }
        if upper == letters, letters >= 2 { return .upperWords }
        if upper == 0 { return .lowerWords }
        return v.utf8.first.map { (0x41...0x5A).contains($0) } == true ? .titleWords : .other
    }
}

/// What a short value of words (a candidate for a pasted name) says about itself, worked out once per distinct value.
struct NameEvidence: Sendable, Equatable {
    /// A word is a known name and not an everyday word (Okafor, Sarah).
    var nameNotWord = false
    /// A word is a known name that is also an everyday word (Brown, Green, Will).
    var nameAlsoWord = false
    /// A word of three letters or more that is neither a known name nor an English word (a rarer surname, or a place).
    var unknownWord = false
    /// Written with capitals (Title or UPPER case), as a name is.
    var capitalised = false
    /// A forename followed by a surname or an unknown word.
    var fullName = false
    /// Every word is a known name (Will Green; not White British).
    var allNames = true
    /// Every word is a frequent name (one of the 5,000 commonest surnames, or a common forename):
    /// Brown and Green are, Other is not.
    var frequentNames = true

    /// Any sign at all of a name.
    var any: Bool { nameNotWord || nameAlsoWord || unknownWord || fullName }

    /// The evidence in `v`, or `nil` when `v` is not one to four words of letters (a comma may end one: SMITH, John).
    static func of(_ v: String, lexicon: NameLexicon = .shared) -> NameEvidence? {
        let raw = v.split(separator: " ", omittingEmptySubsequences: true).map { $0.last == "," ? $0.dropLast() : $0 }
        guard (1...4).contains(raw.count),
              raw.allSatisfy({ w in w.count >= 2 && w.count <= 30 && w.allSatisfy { $0.isLetter || $0 == "'" || $0 == "-" || $0 == "." } && w.first!.isLetter })
        else { return nil }
        var e = NameEvidence()
        e.capitalised = raw.allSatisfy { $0.first!.isUppercase }
        let folded = raw.map { TextFolding.fold(String($0)).filter { $0 != "." } }
        var previousForename = false
        for w in folded {
            let forms = [w, w.replacingOccurrences(of: "'", with: "")] + w.split(separator: "-").map(String.init)
            let isName = forms.contains { lexicon.isName($0) }
            let isWord = forms.contains { lexicon.isWord($0) }
            if isName && !isWord { e.nameNotWord = true }
            if isName && isWord { e.nameAlsoWord = true }
            if !isName && !isWord && w.count >= 3 { e.unknownWord = true }
            if !isName { e.allNames = false }
            if !forms.contains(where: { (lexicon.rank(ofSurname: $0) ?? .max) < 5000 || CommonNames.given.contains($0) }) { e.frequentNames = false }
            if previousForename, isName || (!isWord && w.count >= 3) { e.fullName = true }
            previousForename = forms.contains { lexicon.isForename($0) }
        }
        if raw.count < 2 || !e.capitalised { e.fullName = false }
        return e
    }
}
