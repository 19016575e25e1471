/// The kinds of un-pseudonymised identifier the detectors look for.
public enum IdentifierKind: String, Sendable, Codable, CaseIterable, Comparable {
    case personName, nhsNumber, niNumber, postcode, email, phone, fullDate, streetAddress, malformedToken

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
        case .malformedToken: "token column value that is not a well-formed token"
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
        if isTokenColumn {
            let ok = trimmed.split(separator: " ").allSatisfy { TokenEncoder.isWellFormed(String($0)) }
            if !ok { found.insert(.malformedToken) }
            return found
        }
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "\t" || $0 == "\n" }).map(String.init)
        if trimmed.contains("@"), words.contains(where: isEmail) { found.insert(.email) }
        if containsNHSNumber(trimmed) { found.insert(.nhsNumber) }
        if containsNINumber(words) { found.insert(.niNumber) }
        if containsPostcode(words) { found.insert(.postcode) }
        if containsPhone(trimmed) { found.insert(.phone) }
        if words.contains(where: isFullDate) { found.insert(.fullDate) }
        if containsStreetAddress(words) { found.insert(.streetAddress) }
        if looksLikeName(words) { found.insert(.personName) }
        return found
    }

    static func isEmail(_ w: String) -> Bool {
        let parts = w.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1].split(separator: ".")
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty } && domain.last!.allSatisfy(\.isLetter)
    }

    /// Digit runs of 10 (allowing single spaces or hyphens inside, as in 943 476 5919).
    static func containsNHSNumber(_ s: String) -> Bool {
        var digits: [Int] = []
        var lastWasSeparator = false
        func check() -> Bool { digits.count == 10 && Set(digits).count > 1 && NHSNumberNormaliser.passesCheck(digits) }
        for c in s {
            if let d = c.wholeNumberValue, c.isASCII {
                digits.append(d)
                lastWasSeparator = false
            } else if (c == " " || c == "-") && !digits.isEmpty && !lastWasSeparator {
                lastWasSeparator = true
            } else {
                if check() { return true }
                digits.removeAll()
                lastWasSeparator = false
            }
        }
        return check()
    }

    static func containsNINumber(_ words: [String]) -> Bool {
        let compact = words.joined().uppercased()
        let chars = Array(compact)
        guard chars.count >= 9 else { return false }
        for start in 0...(chars.count - 9) {
            let w = chars[start..<(start + 9)]
            let a = w[start], b = w[start + 1]
            guard a.isLetter, b.isLetter, a.isASCII, b.isASCII, !niBadFirst.contains(a), !niBadSecond.contains(b),
                  !niBadPrefixes.contains(String([a, b])) else { continue }
            let digits = w[(start + 2)..<(start + 8)]
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), "ABCD".contains(w[start + 8]) else { continue }
            if start > 0, chars[start - 1].isLetter { continue }
            return true
        }
        return false
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

    /// UK numbers: 0 or +44 then 9–10 digits starting 1, 2, 3, 7 or 8, with spaces, hyphens or brackets.
    static func containsPhone(_ s: String) -> Bool {
        var run = ""
        func check() -> Bool {
            var d = run
            if d.hasPrefix("44"), d.count >= 11 { d = "0" + d.dropFirst(2) }
            guard d.hasPrefix("0"), (10...11).contains(d.count) else { return false }
            return "12378".contains(d.dropFirst().first!)
        }
        var previous: Character = " "
        for c in s {
            if c.isASCII, c.isNumber {
                run.append(c)
            } else if c == " " || c == "-" || c == "(" || c == ")" || (c == "+" && run.isEmpty) {
                if c == " " && previous == " " { if check() { return true }; run = "" }
            } else {
                if check() { return true }
                run = ""
            }
            previous = c
        }
        return check()
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

    static func looksLikeName(_ words: [String]) -> Bool {
        guard (1...4).contains(words.count), words.allSatisfy({ $0.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" } }) else { return false }
        let folded = words.map { TextFolding.fold($0) }
        if folded.count >= 2, CommonNames.given.contains(folded[0]) || NameNormaliser.titles.contains(folded[0]) { return true }
        return false
    }

    /// Whether `value` is one common given name or surname on its own. Many ordinary words are
    /// also surnames (Green, Hill, Wood), so scanners judge these by their share of a column.
    public static func isSingleCommonName(_ value: String) -> Bool {
        let w = TextFolding.fold(value.trimmingWhitespace)
        return !w.isEmpty && w.allSatisfy(\.isLetter) && (CommonNames.given.contains(w) || CommonNames.surnames.contains(w))
    }
}
