/// The normalisers a linkage spec can name for an identifier or quasi-identifier column.
public enum Normaliser: String, Sendable, Codable, CaseIterable {
    /// Person names (given names, surnames, full names): see ``NameNormaliser``.
    case name
    /// Dates in UK export formats: see ``DateNormaliser``.
    case date
    /// UK postcodes: see ``PostcodeNormaliser``.
    case postcode
    /// NHS numbers: see ``NHSNumberNormaliser``.
    case nhsNumber
    /// Unique Property Reference Numbers: see ``UPRNNormaliser``.
    case uprn
    /// Sex and gender codes: see ``SexNormaliser``.
    case sex
    /// UK free-text addresses: see ``AddressNormaliser``.
    case address
    /// Any other text: folded to lower case with whitespace collapsed.
    case text

    /// Normalises `raw`; `nil` means missing.
    public func normalise(_ raw: String, dates: DateNormaliser) throws(NormalisationError) -> NormalisedValue? {
        switch self {
        case .name: return try NameNormaliser.normalise(raw)
        case .date: return try dates.normalise(raw)
        case .postcode: return try PostcodeNormaliser.normalise(raw)
        case .nhsNumber: return try NHSNumberNormaliser.normalise(raw)
        case .uprn: return try UPRNNormaliser.normalise(raw)
        case .sex: return try SexNormaliser.normalise(raw)
        case .address: return try AddressNormaliser.normalise(raw)
        case .text:
            let words = TextFolding.fold(raw).split(whereSeparator: { $0.isWhitespace })
            return words.isEmpty ? nil : NormalisedValue(words.joined(separator: " "))
        }
    }
}
