/// Designs a linkage from the spec's column kinds and the data itself, so an analyst needs no link config:
/// comparisons and their levels from what the files carry (tokens, name parts, CLKs, blocking keys), m by EM on
/// training rules that fix what they block on, the prior from a strict rule and the model's own recall for it,
/// blocking rules chosen by measured pairs and estimated recall, and the threshold from the model's estimate
/// of precision and recall (see ``LinkageRun/designed(spec:inputs:linkType:workers:progress:)``).
public struct LinkDesigner {
    /// What a linkage field is, from its normaliser.
    enum Kind: Int, Comparable {
        case identifier, name, date, sex, location, other
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        init(_ n: Normaliser) {
            switch n {
            case .name: self = .name
            case .date: self = .date
            case .sex: self = .sex
            case .postcode, .address, .uprn: self = .location
            case .nhsNumber: self = .identifier
            case .text: self = .other
            }
        }
    }

    /// One linkage field as the run's files carry it.
    struct Field {
        var name: String, kind: Kind, normaliser: Normaliser
        /// Columns present in the loaded table.
        var token: String?, parts: String?, clk: String?
        var datasets: [String]
    }

    let spec: LinkageSpec
    let table: LinkageTable
    let linkType: BlockingIndex.LinkType
    var fields: [Field] = []
    /// CLKs of several fields (name, fields), and single-part blocking keys (name, field, transform).
    var multiCLKs: [(name: String, fields: [String])] = []
    var blockingKeys: [(name: String, fields: [String], transform: String?)] = []
    var notes: [String] = []

    /// Takes stock of the fields the loaded datasets share, throwing on a dataset the spec lacks or a field treated
    /// differently by two datasets. `specDatasets` names each loaded dataset's spec dataset (default: its own name),
    /// so two extracts of one dataset (this year's and last year's) can be linked under names of their own.
    public init(spec: LinkageSpec, table: LinkageTable, linkType: BlockingIndex.LinkType, specDatasets: [String]? = nil) throws {
        self.spec = spec
        self.table = table
        self.linkType = linkType
        var byName: [String: Field] = [:], order: [String] = []
        var clks: [String: [String]] = [:], keys: [String: (fields: [String], transform: String?)] = [:]
        var names: [String] = []
        for n in specDatasets ?? table.datasets where !names.contains(n) { names.append(n) }
        for name in names {
            guard let d = spec.datasets.first(where: { $0.name == name }) else {
                throw LinkageError.badInput("the spec '\(spec.project)' has no dataset '\(name)' (it has \(spec.datasets.map(\.name).joined(separator: ", ")))")
            }
            for c in d.columns where c.role == .identifier {
                let n = c.normaliser ?? .text, f = c.fieldName
                if let had = byName[f] {
                    guard had.normaliser == n else {
                        throw LinkageError.badInput("field '\(f)' is normalised as \(had.normaliser.rawValue) in \(had.datasets[0]) but as \(n.rawValue) in \(name) (column '\(c.column)')")
                    }
                    byName[f]!.datasets.append(name)
                } else {
                    byName[f] = Field(name: f, kind: Kind(n), normaliser: n, token: nil, parts: nil, clk: nil, datasets: [name])
                    order.append(f)
                }
            }
            for k in d.clks ?? [] { clks[k.name] = k.fields.map { $0.part == nil ? $0.field : "\($0.field).\($0.part!)" } }
            for k in d.blockingKeys ?? [] { keys[k.name] = (k.parts.map(\.field), k.parts.count == 1 ? (k.parts[0].transform ?? "value") : nil) }
        }
        for f in order {
            var field = byName[f]!
            if table.tokens["\(f)_token"] != nil { field.token = "\(f)_token" }
            if table.partColumns["\(f)_parts"] != nil { field.parts = "\(f)_parts" }
            field.clk = clks.filter { $0.value == [f] && table.clks[$0.key] != nil }.keys.sorted().first
            fields.append(field)
        }
        multiCLKs = clks.filter { $0.value.count > 1 && table.clks[$0.key] != nil }.sorted { $0.key < $1.key }
            .map { ($0.key, $0.value.map { String($0.prefix { $0 != "." }) }) }
        blockingKeys = keys.filter { table.tokens[$0.key] != nil }.sorted { $0.key < $1.key }.map { ($0.key, $0.value.fields, $0.value.transform) }
    }

    func fields(_ kind: Kind) -> [Field] { fields.filter { $0.kind == kind && ($0.token != nil || $0.parts != nil || $0.clk != nil) } }
    static func label(_ field: String) -> String { field.replacingOccurrences(of: "_", with: " ") }
}
