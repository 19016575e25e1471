/// Encodes a record's identifiers as a CLK (cryptographic long-term key): a keyed Bloom filter
/// of the q-grams of each field, for fuzzy matching on Dice similarity.
///
/// Each q-gram is hashed with SipHash-2-4-128 under the CLK's key, prefixed with its field's
/// tag (so "ann" in a forename and in a street set different bits) and, when record salting is
/// on, the record's salt. Bit positions come either from *random hashing* (the default: the
/// keyed hash seeds a generator that draws `k` positions, which defeats the attack that
/// reconstructs q-grams from double hashing's arithmetic pattern) or from classic double
/// hashing. Per-field bit patterns are cached, since names, dates and postcodes repeat.
public struct CLKEncoder {
    /// One field's contribution.
    public struct Field: Sendable {
        /// A tag unique to the field within the CLK.
        public var tag: UInt8
        /// q-gram length, hash functions per q-gram, and whether grams carry their position.
        public var q: Int, k: Int, positional: Bool
    }

    /// Filter length in bits before hardening.
    public let bits: Int
    private let words: Int
    private let fields: [Field]
    private let sip: SipHash
    private let randomHashing: Bool
    private let hardening: CLKHardening
    private let balancePermutation: [Int]
    private var caches: [AdaptiveCache<[UInt64]>]
    private var scratch: [UInt8] = []
    private var gramBytes: [UInt8] = []
    private var gramStarts: [Int] = []

    /// An encoder for `fields` under `key` (at least 16 bytes).
    public init(keyBytes: [UInt8], bits: Int, fields: [Field], randomHashing: Bool = true,
                hardening: CLKHardening = CLKHardening(), cacheLimit: Int = 50_000) {
        precondition(bits % 64 == 0 && bits > 0)
        self.bits = bits
        words = bits / 64
        self.fields = fields
        sip = SipHash(keyBytes: keyBytes)
        self.randomHashing = randomHashing
        self.hardening = hardening
        caches = Array(repeating: AdaptiveCache(limit: cacheLimit), count: fields.count)
        let outBits = hardening.xorFold ? bits / 2 : bits
        balancePermutation = hardening.balance ? CLKEncoder.permutation(count: 2 * outBits, sip: SipHash(keyBytes: Array(keyBytes.reversed()))) : []
    }

    /// The length in bits of the encoded CLK after hardening.
    public var outputBits: Int { hardening.outputBits(for: bits) }

    static func permutation(count: Int, sip: SipHash) -> [Int] {
        var p = Array(0..<count)
        var state = sip.hash64([0x70, 0x65, 0x72, 0x6d])
        for i in stride(from: count - 1, to: 0, by: -1) {
            state = splitmix(&state)
            let j = Int((UInt128(state) * UInt128(i + 1)) >> 64)
            p.swapAt(i, j)
        }
        return p
    }

    @inline(__always)
    static func splitmix(_ s: inout UInt64) -> UInt64 {
        s &+= 0x9E3779B97F4A7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// Sets the bits of one field value into `filter`.
    private mutating func add(fieldIndex fi: Int, value: String, salt: String?, into filter: inout [UInt64]) {
        let cacheKey = salt.map { $0 + "\u{1F}" + value } ?? value
        let bits: [UInt64]
        if let hit = caches[fi].lookup(cacheKey) {
            bits = hit
        } else {
            bits = pattern(fieldIndex: fi, value: value, salt: salt)
            caches[fi].store(cacheKey, bits)
        }
        for w in 0..<words { filter[w] |= bits[w] }
    }

    /// The bits one field value sets.
    private mutating func pattern(fieldIndex fi: Int, value: String, salt: String?) -> [UInt64] {
        let f = fields[fi]
        var pattern = [UInt64](repeating: 0, count: words)
        // The value's UTF-8 bytes with the offset where each Unicode scalar starts, padded with
        // q-1 underscores each side for ordinary q-grams; grams are byte ranges of it.
        var bytes: [UInt8] = [], starts: [Int] = []
        swap(&bytes, &gramBytes)
        swap(&starts, &gramStarts)
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        defer { gramBytes = bytes; gramStarts = starts }
        let pad = f.positional ? 0 : max(f.q - 1, 0)
        for _ in 0..<pad { starts.append(bytes.count); bytes.append(UInt8(ascii: "_")) }
        for scalar in value.unicodeScalars {
            starts.append(bytes.count)
            UTF8.encode(scalar) { bytes.append($0) }
        }
        for _ in 0..<pad { starts.append(bytes.count); bytes.append(UInt8(ascii: "_")) }
        starts.append(bytes.count)
        let scalars = starts.count - 1
        let gramCount = f.positional ? scalars : max(scalars - f.q + 1, 0)
        for g in 0..<gramCount {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(f.tag)
            if let salt {
                scratch.append(contentsOf: salt.utf8)
                scratch.append(0)
            }
            if f.positional {
                scratch.append(contentsOf: String(g).utf8)
                scratch.append(UInt8(ascii: ":"))
                scratch.append(contentsOf: bytes[starts[g]..<starts[g + 1]])
            } else {
                scratch.append(contentsOf: bytes[starts[g]..<starts[g + f.q]])
            }
            let (h1, h2) = scratch.withUnsafeBytes { sip.hash128($0) }
            if randomHashing {
                var state = h1 ^ h2.rotl(17)
                for _ in 0..<f.k {
                    let r = Self.splitmix(&state)
                    let pos = Int((UInt128(r) * UInt128(bits)) >> 64)
                    pattern[pos >> 6] |= 1 << UInt64(pos & 63)
                }
            } else {
                let step = h2 | 1
                for i in 0..<UInt64(f.k) {
                    let pos = Int((h1 &+ i &* step) % UInt64(bits))
                    pattern[pos >> 6] |= 1 << UInt64(pos & 63)
                }
            }
        }
        return pattern
    }

    /// The CLK of a record's field values (`nil` entries are missing and set no bits), as the
    /// filter's words (bit `i` is bit `i % 64` of word `i / 64`).
    public mutating func encodeWords(_ values: [String?], salt: String? = nil) -> [UInt64] {
        var filter = [UInt64](repeating: 0, count: words)
        for (i, v) in values.enumerated() where v != nil && !v!.isEmpty {
            add(fieldIndex: i, value: v!, salt: salt, into: &filter)
        }
        if hardening.xorFold {
            let half = words / 2
            filter = (0..<half).map { filter[$0] ^ filter[$0 + half] }
        }
        if hardening.balance {
            let n = filter.count * 64
            var out = [UInt64](repeating: 0, count: filter.count * 2)
            for j in 0..<(2 * n) {
                let bit = j < n ? (filter[j >> 6] >> UInt64(j & 63)) & 1 : ~(filter[(j - n) >> 6] >> UInt64((j - n) & 63)) & 1
                if bit != 0 {
                    let p = balancePermutation[j]
                    out[p >> 6] |= 1 << UInt64(p & 63)
                }
            }
            filter = out
        }
        return filter
    }

    /// The CLK as unpadded base64url text of its little-endian bytes.
    public mutating func encode(_ values: [String?], salt: String? = nil) -> String {
        CLKBits.text(of: encodeWords(values, salt: salt))
    }
}

/// Hardening options for CLKs against frequency and pattern-mining attacks.
public struct CLKHardening: Sendable, Codable, Equatable {
    /// Balanced Bloom filters: append the complement and permute under the key, so every CLK
    /// has exactly half its bits set (hides how many q-grams a record had). Doubles the length.
    public var balance: Bool
    /// XOR-fold the filter in half: each output bit mixes two, which frustrates attacks that
    /// match bit patterns to frequent q-grams. Halves the length; adds some false similarity.
    public var xorFold: Bool

    /// Options, all off by default (random hashing is always on unless the spec asks otherwise).
    public init(balance: Bool = false, xorFold: Bool = false) {
        self.balance = balance
        self.xorFold = xorFold
    }

    /// The encoded length of a `bits`-bit filter after this hardening.
    public func outputBits(for bits: Int) -> Int {
        var n = xorFold ? bits / 2 : bits
        if balance { n *= 2 }
        return n
    }
}

/// Text and similarity helpers for CLKs.
public enum CLKBits {
    /// Unpadded base64url of the words' little-endian bytes.
    public static func text(of words: [UInt64]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(words.count * 8)
        for w in words { withUnsafeBytes(of: w.littleEndian) { bytes.append(contentsOf: $0) } }
        return Base64URL.encode(bytes)
    }

    /// Parses CLK text back to words; `nil` if malformed or not a whole number of 64-bit words.
    public static func words(from text: String) -> [UInt64]? {
        var text = text
        return text.withUTF8 { words(utf8: $0) }
    }

    /// Parses CLK text, as UTF-8 bytes, back to words.
    public static func words(utf8: UnsafeBufferPointer<UInt8>) -> [UInt64]? {
        guard let bytes = Base64URL.decode(utf8: utf8), !bytes.isEmpty, bytes.count % 8 == 0 else { return nil }
        return bytes.withUnsafeBufferPointer { b in
            (0..<(b.count / 8)).map { i in
                var w: UInt64 = 0
                for j in 0..<8 { w |= UInt64(b[i * 8 + j]) << (8 * UInt64(j)) }
                return w
            }
        }
    }

    /// The Dice coefficient 2|A∩B| / (|A|+|B|) of two equal-length filters.
    public static func dice(_ a: [UInt64], _ b: [UInt64]) -> Double {
        var inter = 0, total = 0
        for i in 0..<min(a.count, b.count) {
            inter += (a[i] & b[i]).nonzeroBitCount
            total += a[i].nonzeroBitCount + b[i].nonzeroBitCount
        }
        return total == 0 ? 0 : 2 * Double(inter) / Double(total)
    }
}
