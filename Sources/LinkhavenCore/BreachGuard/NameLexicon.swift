/// The breach guard's lists of names and English words, loaded once on first use: tens of
/// thousands of surnames in frequency order, forenames from many countries, and the everyday
/// words that let a name that is also a word (Brown, Green, Will) be told apart from one that is not.
public struct NameLexicon: Sendable {
    /// Surname → rank (0 = most frequent).
    let surnameRank: [String: Int32]
    let forenames: Set<String>
    let words: Set<String>

    /// The lists shipped with Linkhaven (see `docs/breach-guard.md` for their sources and licences).
    public static let shared = NameLexicon()

    init() {
        var ranks: [String: Int32] = [:]
        ranks.reserveCapacity(90_000)
        for (i, s) in Self.split(Self.surnameData).enumerated() where ranks[s] == nil { ranks[s] = Int32(i) }
        for s in CommonNames.surnames where ranks[s] == nil { ranks[s] = Int32(ranks.count) }
        surnameRank = ranks
        forenames = Set(Self.split(Self.forenameData)).union(CommonNames.given)
        words = Set(Self.split(Self.wordData))
    }

    static func split(_ data: String) -> [String] {
        data.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    /// Whether `folded` (lower case, see ``TextFolding``) is a known surname.
    public func isSurname(_ folded: String) -> Bool { surnameRank[folded] != nil }
    /// Whether `folded` is a known forename.
    public func isForename(_ folded: String) -> Bool { forenames.contains(folded) }
    /// Whether `folded` is a known surname or forename.
    public func isName(_ folded: String) -> Bool { isSurname(folded) || isForename(folded) }
    /// Whether `folded` is an everyday English word (so, as a name, it needs more evidence).
    public func isWord(_ folded: String) -> Bool { words.contains(folded) }
    /// The surname's frequency rank (0 = most frequent), or `nil`.
    public func rank(ofSurname folded: String) -> Int? { surnameRank[folded].map(Int.init) }
}
