/// Validates UK postcodes and writes them canonically (upper case, one space before the inward
/// code), with the derived area (`SS`), district (`SS14`) and sector (`SS14 1`).
public enum PostcodeNormaliser {
    /// A parsed postcode.
    public struct Postcode: Sendable, Equatable {
        /// Outward code (e.g. `SS14`) and inward code (e.g. `1DL`).
        public let outward: String, inward: String
        /// The canonical form, e.g. `SS14 1DL`.
        public var canonical: String { "\(outward) \(inward)" }
        /// The postcode area: the leading letters of the outward code.
        public var area: String { String(outward.prefix { $0.isLetter }) }
        /// The postcode district: the outward code.
        public var district: String { outward }
        /// The postcode sector: the outward code and the inward digit.
        public var sector: String { "\(outward) \(inward.prefix(1))" }
    }

    /// Parses a postcode written in any case and spacing; throws for anything that is not the
    /// shape of a UK postcode.
    public static func parse(_ raw: String) throws(NormalisationError) -> Postcode? {
        let compact = String(raw.uppercased().unicodeScalars.filter { !$0.properties.isWhitespace })
        if compact.isEmpty { return nil }
        guard let p = parseCompact(Array(compact.utf8)) else { throw NormalisationError("is not a valid UK postcode") }
        return p
    }

    /// Parses an upper-case postcode with no spaces, or returns `nil`.
    static func parseCompact(_ c: [UInt8]) -> Postcode? {
        guard (5...7).contains(c.count) else { return nil }
        if c == Array("GIR0AA".utf8) { return Postcode(outward: "GIR", inward: "0AA") }
        let inward = Array(c.suffix(3)), outward = Array(c.prefix(c.count - 3))
        let invalidInward = Set("CIKMOV".utf8)
        guard isDigit(inward[0]), isLetter(inward[1]), isLetter(inward[2]),
              !invalidInward.contains(inward[1]), !invalidInward.contains(inward[2]) else { return nil }
        // Outward shapes: A9, A99, AA9, AA99, A9A, AA9A.
        let o = outward
        let ok: Bool
        switch o.count {
        case 2: ok = isLetter(o[0]) && isDigit(o[1])
        case 3: ok = isLetter(o[0]) && ((isDigit(o[1]) && isDigit(o[2])) || (isLetter(o[1]) && isDigit(o[2])) || (isDigit(o[1]) && isLetter(o[2])))
        case 4: ok = isLetter(o[0]) && isLetter(o[1]) && isDigit(o[2]) && (isDigit(o[3]) || isLetter(o[3]))
        default: ok = false
        }
        guard ok, !"QVX".utf8.contains(o[0]), o.count < 2 || !isLetter(o[1]) || !"IJZ".utf8.contains(o[1]) else { return nil }
        return Postcode(outward: String(decoding: outward, as: UTF8.self), inward: String(decoding: inward, as: UTF8.self))
    }

    /// Normalises to the canonical form with `area`, `district` and `sector` parts.
    public static func normalise(_ raw: String) throws(NormalisationError) -> NormalisedValue? {
        guard let p = try parse(raw) else { return nil }
        return NormalisedValue(p.canonical, parts: ["area": p.area, "district": p.district, "sector": p.sector, "postcode": p.canonical])
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
}
