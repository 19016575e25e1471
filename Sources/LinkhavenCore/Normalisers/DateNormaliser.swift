/// Parses the date formats UK systems export and returns ISO `yyyy-mm-dd`. Impossible dates are
/// errors, never guesses. Day comes before month in every slashed form (UK order).
///
/// Accepted: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `d/m/yy` (two-digit years
/// resolved with ``pivot``), `yyyy-mm-dd` (optionally followed by a time, as SQL exports do),
/// `yyyymmdd`, `14 Mar 1985`, `14-Mar-85`, `14 March 1985`, and Excel serial day numbers
/// (1900 date system) when ``allowExcelSerials`` is on.
public struct DateNormaliser: Sendable, Equatable, Codable {
    /// Two-digit years up to and including this are 20yy; above it, 19yy. Default 30.
    public var pivot: Int
    /// The earliest and latest years accepted.
    public var minYear: Int, maxYear: Int
    /// Whether bare integers are read as Excel serial day numbers.
    public var allowExcelSerials: Bool

    /// A normaliser with UK defaults.
    public init(pivot: Int = 30, minYear: Int = 1880, maxYear: Int = 2100, allowExcelSerials: Bool = true) {
        self.pivot = pivot
        self.minYear = minYear
        self.maxYear = maxYear
        self.allowExcelSerials = allowExcelSerials
    }

    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    /// Parses a date; `nil` for an empty value.
    public func parse(_ raw: String) throws(NormalisationError) -> CalendarDate? {
        var text = raw.trimmingWhitespace
        if text.isEmpty { return nil }
        // Drop a trailing time from SQL/ISO exports: "1985-03-14 00:00:00.000", "1985-03-14T00:00:00Z".
        if let cut = text.firstIndex(where: { $0 == "T" || $0 == " " }), text.distance(from: text.startIndex, to: cut) == 10,
           text.utf8.count > 10, text.prefix(10).filter({ $0 == "-" }).count == 2 {
            text = String(text[..<cut])
        }
        let fields = text.split(whereSeparator: { "/-. ".contains($0) }).map(String.init)
        let (y, m, d): (Int, Int, Int)
        if fields.count == 1 {
            let s = fields[0]
            guard s.allSatisfy(\.isASCIIDigit) else { throw NormalisationError("is not a date") }
            if s.count == 8, let v = Int(s) {
                (y, m, d) = (v / 10000, v / 100 % 100, v % 100)
            } else if allowExcelSerials, s.count <= 5, let serial = Int(s) {
                return try excel(serial)
            } else {
                throw NormalisationError("is not a date")
            }
        } else if fields.count == 3 {
            if fields[0].count == 4, fields[0].allSatisfy(\.isASCIIDigit) {
                guard let yy = Int(fields[0]), let mm = monthNumber(fields[1]), let dd = Int(fields[2]) else {
                    throw NormalisationError("is not a date")
                }
                (y, m, d) = (yy, mm, dd)
            } else {
                guard let dd = Int(fields[0]), fields[0].count <= 2, let mm = monthNumber(fields[1]),
                      let yy = Int(fields[2]), fields[2].allSatisfy(\.isASCIIDigit)
                else { throw NormalisationError("is not a date") }
                switch fields[2].count {
                case 4: (y, m, d) = (yy, mm, dd)
                case 2: (y, m, d) = (yy <= pivot ? 2000 + yy : 1900 + yy, mm, dd)
                default: throw NormalisationError("has a year that is neither 2 nor 4 digits")
                }
            }
        } else {
            throw NormalisationError("is not a date")
        }
        guard (minYear...maxYear).contains(y) else { throw NormalisationError("has a year outside \(minYear)–\(maxYear)") }
        guard let date = CalendarDate(year: y, month: m, day: d) else { throw NormalisationError("is not a real calendar date") }
        return date
    }

    /// Normalises to ISO form with `year` and `yearMonth` parts.
    public func normalise(_ raw: String) throws(NormalisationError) -> NormalisedValue? {
        guard let date = try parse(raw) else { return nil }
        let iso = date.description
        return NormalisedValue(iso, parts: ["year": String(iso.prefix(4)), "yearMonth": String(iso.prefix(7))])
    }

    private func monthNumber(_ s: String) -> Int? {
        if s.allSatisfy(\.isASCIIDigit) { return s.count <= 2 ? Int(s) : nil }
        return Self.months[TextFolding.fold(s)]
    }

    private func excel(_ serial: Int) throws(NormalisationError) -> CalendarDate {
        // Excel's 1900 system counts 1900-01-01 as 1 and wrongly includes 29 Feb 1900 (serial 60).
        guard serial >= 1 else { throw NormalisationError("is not a date") }
        guard serial != 60 else { throw NormalisationError("is Excel's non-existent 29 February 1900") }
        let days = (serial < 60 ? serial + 1 : serial) + CalendarDate(year: 1899, month: 12, day: 30)!.daysSinceEpoch
        let date = CalendarDate(daysSinceEpoch: days)
        guard (minYear...maxYear).contains(date.year) else { throw NormalisationError("has a year outside \(minYear)–\(maxYear)") }
        return date
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public var trimmingWhitespace: String {
        // Most values start and end with a visible ASCII character: nothing to trim, nothing to copy.
        if let f = utf8.first, let l = utf8.last, (0x21...0x7E).contains(f), (0x21...0x7E).contains(l) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
