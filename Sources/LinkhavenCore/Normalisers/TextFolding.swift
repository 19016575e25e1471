import Foundation

/// Unicode folding shared by the normalisers: compatibility decomposition, accents removed,
/// lower case, letters that do not decompose (ø, æ, ß, ł, đ, œ, þ) spelled out in ASCII.
public enum TextFolding {
    private static let special: [Unicode.Scalar: String] = [
        "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ß": "ss", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
        "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ı": "i",
    ]

    /// Folds `text` to lower-case ASCII where it can; other characters are kept lower-cased.
    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if let s = special[scalar] {
                out.append(contentsOf: s.unicodeScalars)
                continue
            }
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{02BC}", "`", "\u{00B4}": out.append("'")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}": out.append("-")
            case "\u{00A0}", "\u{2007}", "\u{202F}": out.append(" ")
            default: out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Splits folded text into words of letters and digits; every other character separates words,
    /// except apostrophes, which are dropped inside a word (o'brien → obrien).
    public static func words(_ folded: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for s in folded.unicodeScalars {
            if s == "'" { continue }
            let v = s.value
            let isWordScalar = v < 128 ? ((v >= 97 && v <= 122) || (v >= 65 && v <= 90) || (v >= 48 && v <= 57)) : s.properties.isAlphabetic
            if isWordScalar {
                current.append(s)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}
