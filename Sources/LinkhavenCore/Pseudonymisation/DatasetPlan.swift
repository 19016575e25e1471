import Crypto
import Foundation

/// A dataset spec bound to a CSV header and keys: everything needed to pseudonymise rows,
/// resolved once. Immutable and shareable between worker threads.
public struct DatasetPlan: Sendable {
    struct Identifier: Sendable {
        var column: Int, extra: [Int], name: String, field: String, normaliser: Normaliser, token: Bool, nameParts: Bool, required: Bool
        var tokenKey: SymmetricKey
    }
    struct Quasi: Sendable {
        var column: Int, extra: [Int], name: String, normaliser: Normaliser, generalisation: Generalisation
        var referenceDate: CalendarDate?, lookup: [String: String]?
    }
    struct CLK: Sendable {
        var name: String, bits: Int, random: Bool, hardening: CLKHardening, keyBytes: [UInt8]
        var inputs: [(identifier: Int, part: String?)], fields: [CLKEncoder.Field]
        var salt: (identifier: Int, part: String?)?
    }
    struct Blocking: Sendable {
        var name: String, parts: [(identifier: Int, transform: String)], key: SymmetricKey
    }
    struct Digest: Sendable {
        var name: String, columns: [(name: String, index: Int)], maker: OpenPseudonymiserDigest
    }

    /// The spec and dataset this plan was made from.
    public let spec: LinkageSpec
    /// The dataset's spec.
    public let dataset: DatasetSpec
    /// The number of columns in the input header.
    public let inputWidth: Int
    /// The output header.
    public let outputHeader: [String]
    /// Input columns dropped (named `drop` or not named at all).
    public let droppedColumns: [String]
    /// The project key's fingerprint.
    public let keyFingerprint: String
    let recordIdColumn: Int?
    let recordKey: SymmetricKey
    let identifiers: [Identifier]
    let quasi: [Quasi]
    let attributes: [Int]
    let clks: [CLK]
    let blocking: [Blocking]
    let digests: [Digest]
    let dates: DateNormaliser

    /// Binds `dataset` of `spec` to a CSV `header`. `projectSecret` makes the pseudonyms;
    /// `vaultSecret` (the provider's own) makes record tokens. `specDirectory` resolves
    /// lookup and salt files. Throws naming any spec column missing from the header.
    public init(spec: LinkageSpec, dataset: DatasetSpec, header: [String], projectSecret: SecretKey,
                vaultSecret: SecretKey, specDirectory: String) throws {
        self.spec = spec
        self.dataset = dataset
        inputWidth = header.count
        dates = spec.dates ?? DateNormaliser()
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            let name = h.trimmingWhitespace
            if index[name] != nil { throw PlanError("the CSV header names column '\(name)' twice") }
            index[name] = i
        }
        func col(_ name: String, _ what: String) throws -> Int {
            guard let i = index[name] else {
                throw PlanError("\(what) '\(name)' in the spec is not a column of the CSV (its columns are: \(header.joined(separator: ", ")))")
            }
            return i
        }
        let project = projectSecret.projectKey(project: spec.project)
        keyFingerprint = project.fingerprint
        recordIdColumn = try dataset.recordId.map { try col($0, "record id column") }
        recordKey = KeyDerivation.derive(from: vaultSecret.key, info: "record/\(spec.project)/\(dataset.name)")
        var ids: [Identifier] = [], qs: [Quasi] = [], attrs: [Int] = []
        var used = Set(recordIdColumn.map { [$0] } ?? [])
        for c in dataset.columns {
            let i = try col(c.column, "column")
            let extra = try (c.alsoColumns ?? []).map { try col($0, "column") }
            used.insert(i)
            if c.role != .drop { used.formUnion(extra) }
            switch c.role {
            case .identifier:
                ids.append(Identifier(column: i, extra: extra, name: c.column, field: c.fieldName, normaliser: c.normaliser!, token: c.token ?? true,
                                      nameParts: c.nameParts ?? false, required: c.required ?? false,
                                      tokenKey: project.tokenKey(field: c.fieldName)))
            case .quasiIdentifier:
                let g = c.generalise!
                var lookup: [String: String]? = nil
                if let l = g.lookup { lookup = try Self.loadLookup(l, directory: specDirectory) }
                qs.append(Quasi(column: i, extra: extra, name: c.column, normaliser: c.normaliser!, generalisation: g,
                                referenceDate: try g.referenceDate.flatMap { try DateNormaliser().parse($0) }, lookup: lookup))
            case .attribute: attrs.append(i)
            case .drop: used.remove(i)
            }
        }
        let fieldIndex = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1.field, $0) })
        clks = (dataset.clks ?? []).map { c in
            let fields = c.fields.enumerated().map { n, f in
                CLKEncoder.Field(tag: UInt8(n + 1), q: f.q ?? 2, k: f.k ?? 10, positional: f.positional ?? false)
            }
            let salt = c.hardening?.saltField.map { (identifier: fieldIndex[$0]!, part: c.hardening?.saltPart) }
            return CLK(name: c.name, bits: c.bits ?? 1024, random: (c.hashing ?? "random") == "random",
                       hardening: c.encoderHardening,
                       keyBytes: project.clkKey(name: c.name).withUnsafeBytes { Array($0) },
                       inputs: c.fields.map { (identifier: fieldIndex[$0.field]!, part: $0.part) }, fields: fields, salt: salt)
        }
        blocking = (dataset.blockingKeys ?? []).map { b in
            Blocking(name: b.name, parts: b.parts.map { (identifier: fieldIndex[$0.field]!, transform: $0.transform ?? "value") },
                     key: project.blockingKey(name: b.name))
        }
        digests = try (dataset.digests ?? []).map { d in
            let saltPath = d.saltFile.hasPrefix("/") ? d.saltFile : specDirectory + "/" + d.saltFile
            let saltText = try Self.readSecretText(saltPath)
            guard let maker = OpenPseudonymiserDigest(salt: saltText) else { throw PlanError("salt file '\(d.saltFile)' is empty") }
            return Digest(name: d.name, columns: try d.columns.map { (name: $0, index: try col($0, "digest column")) }, maker: maker)
        }
        identifiers = ids
        quasi = qs
        attributes = attrs
        outputHeader = dataset.outputColumns.map(\.name)
        droppedColumns = header.enumerated().filter { !used.contains($0.offset) }.map(\.element)
    }

    static func readSecretText(_ path: String) throws -> String {
        try SecretKey.checkPrivate(path: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw PlanError("cannot read salt file '\(path)'") }
        return String(decoding: data, as: UTF8.self)
    }

    static func loadLookup(_ l: LookupSpec, directory: String) throws -> [String: String] {
        let path = l.file.hasPrefix("/") ? l.file : directory + "/" + l.file
        let reader = try CSVReader(path: path)
        guard let header = try reader.next()?.fields.map(\.trimmingWhitespace),
              let k = header.firstIndex(of: l.key), let v = header.firstIndex(of: l.value) else {
            throw PlanError("lookup file '\(l.file)' needs columns '\(l.key)' and '\(l.value)'")
        }
        var map: [String: String] = [:]
        while let r = try reader.next() {
            guard r.fields.count > max(k, v), let p = try? PostcodeNormaliser.parse(r.fields[k]) else { continue }
            map[p.canonical] = r.fields[v]
        }
        return map
    }

    /// A fresh encoder for one worker thread.
    public func makeEncoder() -> RecordEncoder { RecordEncoder(plan: self) }
}

/// A problem binding a spec to a CSV, or loading its companions.
public struct PlanError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let description: String
    init(_ d: String) { description = d }
}
