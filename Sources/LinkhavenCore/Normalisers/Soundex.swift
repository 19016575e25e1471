/// American Soundex, the phonetic code most UK matching rules use for surname blocking:
/// `"Robert"` and `"Rupert"` → `R163`; `"Ashcraft"` → `A261`.
public enum Soundex {
    private static func code(_ c: Character) -> Character? {
        switch c {
        case "b", "f", "p", "v": "1"
        case "c", "g", "j", "k", "q", "s", "x", "z": "2"
        case "d", "t": "3"
        case "l": "4"
        case "m", "n": "5"
        case "r": "6"
        default: nil
        }
    }

    /// The four-character code of a (normalised) name's letters; "" when it has none.
    public static func encode(_ name: String) -> String {
        let letters = String(decoding: TextFolding.fold(name).utf8.filter { $0 >= 97 && $0 <= 122 }, as: UTF8.self)
        guard let first = letters.first else { return "" }
        var out = String(first).uppercased()
        var last = code(first)
        for c in letters.dropFirst() {
            let d = code(c)
            if let d, d != last { out.append(d) }
            if out.count == 4 { break }
            if c != "h" && c != "w" { last = d }
        }
        return out.padding(to: 4)
    }
}

extension String {
    func padding(to length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: "0", count: length - count)
    }
}
