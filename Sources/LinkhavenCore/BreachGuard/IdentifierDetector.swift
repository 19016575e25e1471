/// The kinds of un-pseudonymised identifier the detectors look for.
public enum IdentifierKind: String, Sendable, Codable, CaseIterable, Comparable {
    case personName, nhsNumber, niNumber, postcode, email, phone, fullDate, streetAddress, freeText, malformedToken

    /// Plain-English name of the kind.
    public var label: String {
        switch self {
        case .personName: "person name"
        case .nhsNumber: "NHS number (passes modulus 11)"
        case .niNumber: "National Insurance number"
        case .postcode: "full postcode"
        case .email: "e-mail address"
        case .phone: "phone number"
        case .fullDate: "full date (possible date of birth)"
        case .streetAddress: "street address"
        case .freeText: "free text"
        case .malformedToken: "pseudonym column value that is not well-formed (token, CLK or digest)"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Detectors for identifiers that should never reach the platform. They look at one value at a
/// time and say which kinds it looks like; they never keep or repeat the value.
public enum IdentifierDetector {
    static let niBadFirst = Set("DFIQUV")
    static let niBadSecond = Set("DFIOQUV")
    static let niBadPrefixes: Set<String> = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]

    /// The kinds `value` looks like. `isTokenColumn` adds the token well-formedness check.
    public static func detect(_ value: String, isTokenColumn: Bool = false) -> Set<IdentifierKind> {
        var found = Set<IdentifierKind>()
        let trimmed = value.trimmingWhitespace
        if trimmed.isEmpty { return found }
        if isTokenColumn { return ColumnCheck.token.isWellFormed(trimmed) ? found : [.malformedToken] }
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "\t" || $0 == "\n" }).map(String.init)
        if trimmed.utf8.contains(UInt8(ascii: "@")), words.contains(where: isEmail) { found.insert(.email) }
        if containsNHSNumber(trimmed) { found.insert(.nhsNumber) }
        if containsNINumber(words) { found.insert(.niNumber) }
        if containsPostcode(words) { found.insert(.postcode) }
        if containsPhone(trimmed) { found.insert(.phone) }
        if words.contains(where: isFullDate) { found.insert(.fullDate) }
        if containsStreetAddress(words) { found.insert(.streetAddress) }
        if looksLikeName(words) || (words.count >= 3 && containsName(words)) || containsKinName(words) { found.insert(.personName) }
        if isFreeText(words) { found.insert(.freeText) }
        return found
    }

    /// A short number (digits with at most one `.` or `-`, fewer than ten digits): no detector can match
    /// it — identifiers of digits alone (NHS numbers, phones) have ten or more, dates two separators —
    /// so scanners skip the detectors for it.
    static func isPlainNumber(_ value: String) -> Bool {
        var digits = 0, separators = 0
        for b in value.utf8 {
            switch b {
            case 0x30...0x39: digits += 1
            case 0x2E, 0x2D: separators += 1
            default: return false
            }
        }
        return digits > 0 && digits < 10 && separators <= 1
    }

    static func isEmail(_ w: String) -> Bool {
        let parts = w.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1].split(separator: ".")
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty } && domain.last!.allSatisfy(\.isLetter)
    }

    @inline(__always) static func isWordChar(_ c: Character?) -> Bool {
        guard let c else { return false }
        return c.isLetter || c.isNumber || c == "_"
    }

    /// Digit runs of 10 (allowing single spaces or hyphens inside, as in 943 476 5919) that stand
    /// on their own: a run inside a longer string of letters and digits (a token, a CLK) is not one.
    static func containsNHSNumber(_ s: String) -> Bool {
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber, !isWordChar(i > 0 ? chars[i - 1] : nil) else { i += 1; continue }
            var digits: [Int] = []
            var j = i
            while j < chars.count {
                if let d = chars[j].wholeNumberValue, chars[j].isASCII {
                    digits.append(d)
                    j += 1
                } else if (chars[j] == " " || chars[j] == "-"), j + 1 < chars.count, chars[j + 1].isASCII, chars[j + 1].isNumber, !digits.isEmpty {
                    j += 1
                } else {
                    break
                }
            }
            if digits.count == 10, !isWordChar(j < chars.count ? chars[j] : nil), Set(digits).count > 1,
               NHSNumberNormaliser.passesCheck(digits) { return true }
            i = max(j, i + 1)
        }
        return false
    }

    /// NI numbers (two prefix letters, six digits, a suffix A–D), written solid or spaced in pairs,
    /// standing on their own.
    static func containsNINumber(_ rawWords: [String]) -> Bool {
        let words = rawWords.map { w in
            String(w.drop { !($0.isLetter || $0.isNumber) }.reversed().drop { !($0.isLetter || $0.isNumber) }.reversed())
        }
        // Join only the pieces of a spaced NI number ("AB 12 34 56 C"); other words stay apart.
        var candidates: [String] = []
        var i = 0
        while i < words.count {
            var joined = words[i]
            var j = i + 1
            while joined.count < 9, j < words.count, words[j].count <= 7 {
                joined += words[j]
                j += 1
            }
            candidates.append(words[i])
            if j > i + 1 { candidates.append(joined) }
            i += 1
        }
        return candidates.contains { w in
            let c = Array(w.uppercased())
            guard c.count == 9, c[0].isASCII, c[1].isASCII, c[0].isLetter, c[1].isLetter, !niBadFirst.contains(c[0]),
                  !niBadSecond.contains(c[1]), !niBadPrefixes.contains(String(c[0...1])) else { return false }
            return c[2...7].allSatisfy { $0.isASCII && $0.isNumber } && "ABCD".contains(c[8])
        }
    }

    static func containsPostcode(_ words: [String]) -> Bool {
        for (i, w) in words.enumerated() {
            let u = Array(w.uppercased().utf8)
            if PostcodeNormaliser.parseCompact(u) != nil { return true }
            if i + 1 < words.count, (2...4).contains(u.count), words[i + 1].count == 3,
               PostcodeNormaliser.parseCompact(u + Array(words[i + 1].uppercased().utf8)) != nil { return true }
        }
        return false
    }

    /// UK numbers: 0 or +44 then 9–10 digits starting 1, 2, 3, 7 or 8, with spaces, hyphens or
    /// brackets, standing on their own (not inside a longer string of letters and digits).
    static func containsPhone(_ s: String) -> Bool {
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let starts = chars[i] == "+" || chars[i] == "(" || (chars[i].isASCII && chars[i].isNumber)
            guard starts, !isWordChar(i > 0 ? chars[i - 1] : nil) else { i += 1; continue }
            var run = ""
            var j = i
            while j < chars.count {
                let c = chars[j]
                if c.isASCII, c.isNumber { run.append(c) } else if c == "-" || c == "(" || c == ")" || (c == "+" && run.isEmpty) {
                } else if c == " ", j + 1 < chars.count, chars[j + 1] != " " {
                } else { break }
                j += 1
            }
            var d = run
            if d.hasPrefix("44"), d.count >= 11 { d = "0" + d.dropFirst(2) }
            if !isWordChar(j < chars.count ? chars[j] : nil), d.hasPrefix("0"), (10...11).contains(d.count),
               "12378".contains(d.dropFirst().first!) { return true }
            i = max(j, i + 1)
        }
        return false
    }

    static let strictDates = DateNormaliser(pivot: 30, minYear: 1900, maxYear: 2100, allowExcelSerials: false)

    static func isFullDate(_ w: String) -> Bool {
        let separators = w.filter { $0 == "/" || $0 == "-" || $0 == "." }.count
        guard separators == 2 || (w.count == 10 && w.contains("T")) else { return false }
        return (try? strictDates.parse(w)) != nil
    }

    static func containsStreetAddress(_ words: [String]) -> Bool {
        let folded = words.map { TextFolding.fold($0) }
        for (i, w) in folded.enumerated() where AddressNormaliser.isHouseNumber(w) {
            var j = i + 1
            while j < folded.count, j <= i + 4 {
                let word = AddressNormaliser.abbreviations[folded[j]] ?? folded[j]
                guard word.allSatisfy(\.isLetter) else { break }
                if j > i + 1, AddressNormaliser.streetTypes.contains(word) { return true }
                j += 1
            }
        }
        return false
    }

    /// Two to four words that read as a person's name: a title then anything (Mrs Okafor); a forename
    /// then a surname or a word that is no English word (Sarah Zilm); a surname then a forename
    /// (SMITH, John). Names that are also words (Will Green) count only when written with capitals.
    static func looksLikeName(_ words: [String], lexicon: NameLexicon = .shared) -> Bool {
        guard (2...4).contains(words.count), words.allSatisfy({ $0.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" || $0 == "." } }) else { return false }
        let folded = words.map { TextFolding.fold($0).filter { $0 != "." } }
        if NameNormaliser.titles.contains(folded[0]) { return true }
        let capital = words.allSatisfy { $0.first!.isUppercase }
        func strong(_ w: String) -> Bool { lexicon.isName(w) && !lexicon.isWord(w) }
        let (a, b) = (folded[0], folded[1])
        if lexicon.isForename(a), lexicon.isName(b) || (capital && !lexicon.isWord(b) && b.count >= 3), capital || (strong(a) && strong(b)) { return true }
        if lexicon.isSurname(a), lexicon.isForename(b), capital || (strong(a) && strong(b)) { return true }
        return false
    }

    /// A name inside prose: a title before a word (Mrs okafor), a capitalised forename that is no
    /// English word (Sarah), or a capitalised forename then a capitalised surname or unknown word.
    static func containsName(_ words: [String], lexicon: NameLexicon = .shared) -> Bool {
        // Words with their surrounding punctuation taken off; a word with other marks inside (A&E, w/c) is no name.
        let cleaned = words.map { w -> String in
            let core = w.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed()
            return core.allSatisfy { $0.isLetter || $0 == "'" || $0 == "-" } ? String(core) : ""
        }
        for (i, w) in cleaned.enumerated() where w.count >= 2 {
            let f = TextFolding.fold(w)
            if NameNormaliser.titles.contains(f), i + 1 < cleaned.count, cleaned[i + 1].count >= 2, words[i + 1].first?.isLetter == true { return true }
            guard lexicon.isForename(f), !kinship.contains(f) else { continue }   // Nan, Nana: family, not a name
            let next = i + 1 < cleaned.count ? cleaned[i + 1] : "", nextCapitalised = next.first?.isUppercase == true
            // A forename that is no word: capitalised itself, before a capitalised word in any case (liam Glass), or before a surname (samuel reed).
            if !lexicon.isWord(f), nextCapitalised || w.first!.isUppercase || lexicon.isSurname(TextFolding.fold(next)) { return true }
            // A capitalised forename that is also a word (Will), before a capitalised surname or unknown word.
            if w.first!.isUppercase, nextCapitalised, lexicon.isSurname(TextFolding.fold(next)) || !lexicon.isWord(TextFolding.fold(next)) { return true }
        }
        return false
    }

    /// A header cell of two to four words holding a forename beside a second name or a word no list
    /// knows, whatever its case (andrew Krollig, ABOURJEILI, ben): column names are never written so.
    static func headerHoldsName(_ cell: String, lexicon: NameLexicon = .shared) -> Bool {
        let words = cell.split(whereSeparator: { $0 == " " || $0 == "," }).map { TextFolding.fold(String($0)) }
        guard (2...4).contains(words.count), words.allSatisfy({ $0.count >= 2 && $0.allSatisfy { $0.isLetter || $0 == "'" || $0 == "-" } }),
              words.contains(where: lexicon.isForename), words.contains(where: { !lexicon.isWord($0) }) else { return false }
        return words.filter { lexicon.isName($0) || !lexicon.isWord($0) }.count >= 2
    }

    /// Prose: at least six words, five of them words of letters. Pseudonymised files hold codes,
    /// numbers and flags; sentences are case notes that were never meant to leave the provider.
    static func isFreeText(_ words: [String]) -> Bool {
        guard words.count >= 6 else { return false }
        return words.filter { $0.count >= 2 && $0.allSatisfy { $0.isLetter || $0 == "'" || $0 == "." } }.count >= 5
    }

    /// Whether `value` is one common given name or surname on its own. Many ordinary words are
    /// also surnames (Green, Hill, Wood), so scanners judge these by their share of a column.
    public static func isSingleCommonName(_ value: String) -> Bool {
        let w = TextFolding.fold(value.trimmingWhitespace)
        return !w.isEmpty && w.allSatisfy(\.isLetter) && (CommonNames.given.contains(w) || CommonNames.surnames.contains(w))
    }
}
