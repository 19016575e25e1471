/// A problem with one value: where it is and why, never what it is.
public struct RowProblem: Sendable, Codable, Equatable {
    /// The 1-based line of the input file.
    public var line: Int
    /// The column's header name, or `(row)` for the row as a whole.
    public var column: String
    /// Why the value was not usable.
    public var reason: String
}

/// What happens to a row with a problem.
public enum ProblemPolicy: String, Sendable, Codable, CaseIterable {
    /// The unusable value is treated as missing; the row is kept. (Default.)
    case blank
    /// The whole row is left out of the output (it is still counted and reported).
    case skipRow = "skip-row"
    /// The run stops at the first problem and writes nothing.
    case stop
}

/// One pseudonymised row, with its problems and its vault entry.
public struct EncodedRow: Sendable {
    /// The output fields, in the plan's output header order (empty when skipped).
    public var fields: [String]
    /// Problems found in the row.
    public var problems: [RowProblem]
    /// Whether the row was left out.
    public var skipped: Bool
    /// The provider's record id and the row's tokens, for the re-identification vault.
    public var vault: VaultEntry?
}

/// The provider's own record id with the tokens that stand for it on the platform.
public struct VaultEntry: Sendable, Equatable {
    /// The provider's record id (never leaves the provider's machine).
    public var recordId: String
    /// The record token first, then the identifier tokens.
    public var tokens: [String]
}

/// Pseudonymises rows under a ``DatasetPlan``. Holds caches: one per worker thread.
public struct RecordEncoder {
    let plan: DatasetPlan
    var tokenEncoders: [TokenEncoder]
    var recordEncoder: TokenEncoder
    var clkEncoders: [CLKEncoder]
    var blockingEncoders: [TokenEncoder]
    /// Per identifier, recent raw values and their normalised forms (or errors). Names, dates,
    /// sexes and postcodes repeat so much that this saves most normalising; unique values such as
    /// addresses and NHS numbers are not cached.
    var normalised: [AdaptiveCache<Result<NormalisedValue?, NormalisationError>>]

    init(plan: DatasetPlan) {
        self.plan = plan
        tokenEncoders = plan.identifiers.map { TokenEncoder(key: $0.tokenKey) }
        recordEncoder = TokenEncoder(key: plan.recordKey, cacheLimit: 0)
        clkEncoders = plan.clks.map {
            CLKEncoder(keyBytes: $0.keyBytes, bits: $0.bits, fields: $0.fields, randomHashing: $0.random, hardening: $0.hardening)
        }
        blockingEncoders = plan.blocking.map { TokenEncoder(key: $0.key) }
        normalised = plan.identifiers.map { AdaptiveCache(limit: $0.normaliser == .address || $0.normaliser == .nhsNumber ? 0 : 65_536) }
    }

    mutating func normalise(_ i: Int, _ raw: String) throws(NormalisationError) -> NormalisedValue? {
        if let hit = normalised[i].lookup(raw) { return try hit.get() }
        let result: Result<NormalisedValue?, NormalisationError>
        do { result = .success(try plan.identifiers[i].normaliser.normalise(raw, dates: plan.dates)) } catch { result = .failure(error) }
        normalised[i].store(raw, result)
        return try result.get()
    }

    /// Pseudonymises one input record.
    public mutating func encode(_ record: CSVRecord, policy: ProblemPolicy) -> EncodedRow {
        var problems: [RowProblem] = []
        let f = record.fields
        guard f.count == plan.inputWidth else {
            let p = RowProblem(line: record.line, column: "(row)", reason: "has \(f.count) fields; the header has \(plan.inputWidth)")
            return EncodedRow(fields: [], problems: [p], skipped: true, vault: nil)
        }
        var recordId = String(record.line)
        if let r = plan.recordIdColumn {
            recordId = f[r].trimmingWhitespace
            if recordId.isEmpty {
                let p = RowProblem(line: record.line, column: plan.dataset.recordId!, reason: "the record id is missing")
                return EncodedRow(fields: [], problems: [p], skipped: true, vault: nil)
            }
        }
        var values: [NormalisedValue?] = []
        values.reserveCapacity(plan.identifiers.count)
        for (i, id) in plan.identifiers.enumerated() {
            if let bad = record.badEncodingField, bad == id.column || id.extra.contains(bad) {
                problems.append(RowProblem(line: record.line, column: id.name, reason: "is not valid UTF-8 (try --encoding windows-1252)"))
                values.append(nil)
                continue
            }
            do {
                let v = try normalise(i, Self.joined(f, id.column, id.extra))
                if v == nil, id.required { problems.append(RowProblem(line: record.line, column: id.name, reason: "is missing")) }
                values.append(v)
            } catch {
                problems.append(RowProblem(line: record.line, column: id.name, reason: error.reason))
                values.append(nil)
            }
        }
        var quasiOut: [String] = []
        for q in plan.quasi {
            do { quasiOut.append(try generalise(q, Self.joined(f, q.column, q.extra))) } catch {
                problems.append(RowProblem(line: record.line, column: q.name, reason: error.reason))
                quasiOut.append("")
            }
        }
        if !problems.isEmpty, policy != .blank {
            return EncodedRow(fields: [], problems: problems, skipped: true, vault: nil)
        }
        let recordToken = recordEncoder.token(plan.dataset.name + "\u{1F}" + recordId)
        var out = [recordToken]
        out.reserveCapacity(plan.outputHeader.count)
        var vaultTokens = [recordToken]
        for (i, id) in plan.identifiers.enumerated() {
            if id.token {
                let t = values[i].map { tokenEncoders[i].token($0.canonical) } ?? ""
                out.append(t)
                if !t.isEmpty { vaultTokens.append(t) }
            }
            if id.nameParts {
                let parts = values[i].map { v in Set(v.pieces.map { tokenEncoders[i].token($0) }).sorted().joined(separator: " ") } ?? ""
                out.append(parts)
            }
        }
        for (ci, clk) in plan.clks.enumerated() {
            let inputs: [String?] = clk.inputs.map { input in
                guard let v = values[input.identifier] else { return nil }
                return input.part.map { v.parts[$0] } ?? v.canonical
            }
            var salt: String? = nil
            if let s = clk.salt, let v = values[s.identifier] { salt = s.part.map { v.parts[$0] ?? "" } ?? v.canonical }
            if clk.salt != nil, salt == nil || salt!.isEmpty {
                out.append("")
            } else {
                out.append(inputs.allSatisfy { $0 == nil } ? "" : clkEncoders[ci].encode(inputs, salt: salt))
            }
        }
        for (bi, b) in plan.blocking.enumerated() {
            var pieces: [String] = []
            for part in b.parts {
                guard let v = values[part.identifier], let piece = Self.transform(v, part.transform), !piece.isEmpty else { break }
                pieces.append(piece)
            }
            out.append(pieces.count == b.parts.count ? blockingEncoders[bi].token(pieces.joined(separator: "\u{1F}")) : "")
        }
        for d in plan.digests {
            out.append(d.maker.digest(d.columns.map { (column: $0.name, value: f[$0.index]) }))
        }
        out += quasiOut
        for a in plan.attributes { out.append(f[a]) }
        return EncodedRow(fields: out, problems: problems, skipped: false, vault: VaultEntry(recordId: recordId, tokens: vaultTokens))
    }

    /// The value of `column`, with any further columns joined by ", " (empty ones left out).
    static func joined(_ f: [String], _ column: Int, _ extra: [Int]) -> String {
        if extra.isEmpty { return f[column] }
        return ([column] + extra).map { f[$0].trimmingWhitespace }.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    static func transform(_ v: NormalisedValue, _ t: String) -> String? {
        switch t {
        case "value": v.canonical
        case "soundex": Soundex.encode(v.canonical)
        case "initial": v.canonical.first.map(String.init)
        default: v.parts[t]
        }
    }

    func generalise(_ q: DatasetPlan.Quasi, _ raw: String) throws(NormalisationError) -> String {
        guard let v = try q.normaliser.normalise(raw, dates: plan.dates) else { return "" }
        let g = q.generalisation
        switch g.to {
        case "ageBand":
            guard let date = try plan.dates.parse(raw), let ref = q.referenceDate else { return "" }
            let age = date.years(until: ref)
            guard age >= 0 else { throw NormalisationError("is after the reference date") }
            let bands = g.bands!
            guard let i = bands.lastIndex(where: { $0 <= age }) else { throw NormalisationError("is younger than the first band") }
            return i + 1 < bands.count ? "\(bands[i])-\(bands[i + 1] - 1)" : "\(bands[i])+"
        case "lookup":
            guard let pc = v.parts["postcode"] else { throw NormalisationError("has no postcode to look up") }
            guard let area = q.lookup?[pc] else { throw NormalisationError("has a postcode that is not in the lookup") }
            return area
        default:
            guard let part = v.parts[g.to] else { throw NormalisationError("has no \(g.to)") }
            return part
        }
    }
}
