/// One column of a pseudonymised file, with what kind of value it must hold.
public struct OutputColumn: Sendable, Equatable, Codable {
    /// What a column holds.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The provider's record token, a token of one identifier, or a blocking key.
        case recordToken, token, blockingKey
        /// Space-separated tokens of a name's parts.
        case tokenParts
        /// A Bloom-filter encoding (CLK) of `bits` bits.
        case clk
        /// An OpenPseudonymiser digest (64 upper-case hex digits).
        case digest
        /// A generalised quasi-identifier (year, area…), and an attribute passed through.
        case quasiIdentifier, attribute

        /// `true` for columns that hold pseudonyms (checked for well-formedness, never read as text).
        public var isPseudonym: Bool { ![.quasiIdentifier, .attribute].contains(self) }
        /// `true` for columns the linkage engine matches or blocks on.
        public var isMatchKey: Bool { [.token, .tokenParts, .clk, .blockingKey, .digest].contains(self) }
    }

    /// The column's header name.
    public var name: String
    /// What it holds.
    public var kind: Kind
    /// For CLKs, the encoded length in bits after hardening.
    public var bits: Int?
    /// For attributes and quasi-identifiers: what the values are (the spec's `type`, or what
    /// a quasi-identifier's generalisation gives); `nil` when the file itself must tell.
    public var type: AttributeType? = nil
    /// For attributes: the agreed code list.
    public var values: [String]? = nil

    /// A column named `name` holding `kind`, with what the spec says of it.
    public init(name: String, kind: Kind, bits: Int? = nil, type: AttributeType? = nil, values: [String]? = nil) {
        self.name = name; self.kind = kind; self.bits = bits; self.type = type; self.values = values
    }
}

extension DatasetSpec {
    /// The columns a pseudonymised file of this dataset has, in order: exactly what the provider
    /// tool writes, and so exactly what the platform accepts.
    public var outputColumns: [OutputColumn] {
        var out = [OutputColumn(name: "record_token", kind: .recordToken)]
        for c in columns where c.role == .identifier {
            if c.token ?? true { out.append(OutputColumn(name: "\(c.fieldName)_token", kind: .token)) }
            if c.nameParts ?? false { out.append(OutputColumn(name: "\(c.fieldName)_parts", kind: .tokenParts)) }
        }
        for c in clks ?? [] {
            out.append(OutputColumn(name: c.name, kind: .clk, bits: c.encoderHardening.outputBits(for: c.bits ?? 1024)))
        }
        out += (blockingKeys ?? []).map { OutputColumn(name: $0.name, kind: .blockingKey) }
        out += (digests ?? []).map { OutputColumn(name: $0.name, kind: .digest) }
        out += columns.filter { $0.role == .quasiIdentifier }.map {
            OutputColumn(name: $0.outputName, kind: .quasiIdentifier, type: $0.generalise.map(\.outputType))
        }
        out += columns.filter { $0.role == .attribute }.map {
            OutputColumn(name: $0.outputName, kind: .attribute, type: $0.type ?? ($0.values == nil ? nil : .category), values: $0.values)
        }
        return out
    }
}

extension CLKSpec {
    /// The hardening the encoder applies for this spec (options left out are off).
    public var encoderHardening: CLKHardening {
        CLKHardening(balance: hardening?.balance ?? false, xorFold: hardening?.xorFold ?? false)
    }
}

extension Generalisation {
    /// What a generalised value looks like: a year is a number, a year-month a date, an age
    /// band, area, district, sector or small-area lookup a code.
    public var outputType: AttributeType {
        switch to {
        case "year": .number
        case "yearMonth": .date
        default: .code
        }
    }
}
