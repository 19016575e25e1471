/// One column of a pseudonymised file, with what kind of value it must hold.
public struct OutputColumn: Sendable, Equatable, Codable {
    /// What a column holds.
    public enum Kind: String, Sendable, Codable {
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
        out += columns.filter { $0.role == .quasiIdentifier }.map { OutputColumn(name: $0.outputName, kind: .quasiIdentifier) }
        out += columns.filter { $0.role == .attribute }.map { OutputColumn(name: $0.outputName, kind: .attribute) }
        return out
    }
}

extension CLKSpec {
    /// The hardening the encoder applies for this spec (options left out are off).
    public var encoderHardening: CLKHardening {
        CLKHardening(balance: hardening?.balance ?? false, xorFold: hardening?.xorFold ?? false)
    }
}
