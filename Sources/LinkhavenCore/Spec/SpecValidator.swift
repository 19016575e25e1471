/// Checks a decoded spec for settings that contradict each other, naming the line of each.
struct SpecValidator {
    let spec: LinkageSpec
    let tree: LocatedJSON
    let file: String
    typealias P = LocatedJSON.PathComponent

    static let parts: [Normaliser: Set<String>] = [
        .date: ["year", "yearMonth"],
        .postcode: ["area", "district", "sector", "postcode"],
        .address: ["flat", "number", "houseName", "street", "town", "postcode", "area", "district", "sector"],
    ]
    static let generalisations: [Normaliser: Set<String>] = [
        .date: ["year", "yearMonth", "ageBand"],
        .postcode: ["area", "district", "sector", "lookup"],
        .address: ["area", "district", "sector", "lookup"],
    ]

    func fail(_ path: [P], _ message: String) -> SpecError {
        var p = path
        while !p.isEmpty, tree.value(at: p) == nil { p.removeLast() }
        return SpecError(file: file, line: (tree.value(at: p) ?? tree).line, message: message)
    }

    func validate() throws {
        guard spec.format == LinkageSpec.currentFormat else {
            throw fail([.key("format")], "format must be '\(LinkageSpec.currentFormat)' (this is what this version of linkhaven reads)")
        }
        guard !spec.project.isEmpty, spec.project.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw fail([.key("project")], "project must be a non-empty identifier of letters, digits, '-', '_' or '.'")
        }
        guard spec.version >= 1 else { throw fail([.key("version")], "version must be 1 or more") }
        guard !spec.datasets.isEmpty else { throw fail([.key("datasets")], "the spec has no datasets") }
        var normaliserOfField: [String: Normaliser] = [:]
        var seen = Set<String>()
        for (di, d) in spec.datasets.enumerated() {
            let base: [P] = [.key("datasets"), .index(di)]
            guard seen.insert(d.name).inserted else { throw fail(base + [.key("name")], "dataset '\(d.name)' is named twice") }
            try validate(dataset: d, base: base, normaliserOfField: &normaliserOfField)
        }
    }

    func validate(dataset d: DatasetSpec, base: [P], normaliserOfField: inout [String: Normaliser]) throws {
        guard !d.name.isEmpty else { throw fail(base + [.key("name")], "a dataset needs a name") }
        guard !d.columns.isEmpty else { throw fail(base + [.key("columns")], "dataset '\(d.name)' has no columns") }
        var outputs: Set<String> = ["record_token"]
        func claim(_ name: String, _ path: [P]) throws {
            guard outputs.insert(name).inserted else { throw fail(path, "output column '\(name)' would be written twice") }
        }
        var columns = Set<String>()  // "role/column": a column may feed one identifier and one generalised output
        var fields: [String: Normaliser] = [:]
        for (ci, c) in d.columns.enumerated() {
            let p = base + [.key("columns"), .index(ci)]
            guard columns.insert("\(c.role.rawValue)/\(c.column)").inserted else {
                throw fail(p + [.key("column")], "column '\(c.column)' is described twice as \(c.role.rawValue)")
            }
            if c.column == d.recordId {
                throw fail(p + [.key("column")], "'\(c.column)' is the record id: it stays with the provider (in the vault) and cannot also be a column")
            }
            switch c.role {
            case .identifier:
                if c.type != nil || c.values != nil { throw fail(p + [.key(c.type != nil ? "type" : "values")], "type and values describe attributes; identifiers are encoded") }
                guard let n = c.normaliser else { throw fail(p, "identifier '\(c.column)' needs a normaliser") }
                guard fields[c.fieldName] == nil else { throw fail(p, "field '\(c.fieldName)' is fed by two columns") }
                if let other = normaliserOfField[c.fieldName], other != n {
                    throw fail(p + [.key("normaliser")], "field '\(c.fieldName)' uses normaliser '\(other.rawValue)' in another dataset; tokens would never match")
                }
                normaliserOfField[c.fieldName] = n
                fields[c.fieldName] = n
                if c.nameParts == true, n != .name { throw fail(p + [.key("nameParts")], "nameParts needs the name normaliser") }
                if c.generalise != nil { throw fail(p + [.key("generalise")], "an identifier is encoded, not generalised; use role quasiIdentifier") }
                if c.token ?? true { try claim("\(c.fieldName)_token", p) }
                if c.nameParts == true { try claim("\(c.fieldName)_parts", p) }
            case .quasiIdentifier:
                if c.type != nil || c.values != nil { throw fail(p + [.key(c.type != nil ? "type" : "values")], "type and values describe attributes; a quasi-identifier's profile follows from generalise") }
                guard let n = c.normaliser else { throw fail(p, "quasi-identifier '\(c.column)' needs a normaliser") }
                guard let g = c.generalise else { throw fail(p, "quasi-identifier '\(c.column)' needs generalise") }
                guard Self.generalisations[n]?.contains(g.to) == true else {
                    let allowed = Self.generalisations[n].map { $0.sorted().joined(separator: ", ") } ?? "nothing"
                    throw fail(p + [.key("generalise"), .key("to")], "a \(n.rawValue) can be generalised to: \(allowed)")
                }
                if g.to == "ageBand" {
                    guard let r = g.referenceDate, (try? DateNormaliser().parse(r)) != nil else {
                        throw fail(p + [.key("generalise")], "ageBand needs referenceDate as yyyy-mm-dd")
                    }
                    guard let b = g.bands, !b.isEmpty, b == b.sorted(), Set(b).count == b.count, b[0] >= 0 else {
                        throw fail(p + [.key("generalise")], "ageBand needs bands: ascending lower bounds in years, e.g. [0, 5, 11, 16]")
                    }
                }
                if g.to == "lookup", g.lookup == nil { throw fail(p + [.key("generalise")], "lookup needs a lookup: {file, key, value}") }
                try claim(c.outputName, p)
            case .attribute:
                if c.alsoColumns != nil { throw fail(p + [.key("alsoColumns")], "alsoColumns applies to identifiers and quasi-identifiers") }
                if c.normaliser != nil || c.generalise != nil {
                    throw fail(p, "attribute '\(c.column)' is output as it is; a normaliser or generalise has no effect (use quasiIdentifier)")
                }
                try validateProfile(c, p)
                try claim(c.outputName, p)
            case .drop:
                break
            }
        }
        for (ki, clk) in (d.clks ?? []).enumerated() {
            let p = base + [.key("clks"), .index(ki)]
            try claim(clk.name, p + [.key("name")])
            let bits = clk.bits ?? 1024
            guard bits % 64 == 0, (64...8192).contains(bits) else { throw fail(p + [.key("bits")], "bits must be a multiple of 64 from 64 to 8192") }
            guard ["random", "double"].contains(clk.hashing ?? "random") else { throw fail(p + [.key("hashing")], "hashing is 'random' or 'double'") }
            if clk.hardening?.xorFold == true, bits % 128 != 0 { throw fail(p + [.key("hardening")], "xorFold needs bits to be a multiple of 128") }
            if let salt = clk.hardening?.saltField {
                guard let n = fields[salt] else { throw fail(p + [.key("hardening")], "saltField '\(salt)' is not an identifier field of '\(d.name)'") }
                if let part = clk.hardening?.saltPart, Self.parts[n]?.contains(part) != true {
                    throw fail(p + [.key("hardening")], "a \(n.rawValue) has no part '\(part)'")
                }
            }
            guard !clk.fields.isEmpty else { throw fail(p + [.key("fields")], "CLK '\(clk.name)' has no fields") }
            for (fi, f) in clk.fields.enumerated() {
                let fp = p + [.key("fields"), .index(fi)]
                guard let n = fields[f.field] else { throw fail(fp, "'\(f.field)' is not an identifier field of '\(d.name)'") }
                if let part = f.part, Self.parts[n]?.contains(part) != true { throw fail(fp + [.key("part")], "a \(n.rawValue) has no part '\(part)'") }
                guard (1...5).contains(f.q ?? 2) else { throw fail(fp + [.key("q")], "q must be from 1 to 5") }
                guard (1...100).contains(f.k ?? 10) else { throw fail(fp + [.key("k")], "k must be from 1 to 100") }
            }
        }
        for (bi, bk) in (d.blockingKeys ?? []).enumerated() {
            let p = base + [.key("blockingKeys"), .index(bi)]
            try claim(bk.name, p + [.key("name")])
            guard !bk.parts.isEmpty else { throw fail(p, "blocking key '\(bk.name)' has no parts") }
            for (pi, part) in bk.parts.enumerated() {
                let pp = p + [.key("parts"), .index(pi)]
                guard let n = fields[part.field] else { throw fail(pp, "'\(part.field)' is not an identifier field of '\(d.name)'") }
                let t = part.transform ?? "value"
                guard ["value", "soundex", "initial"].contains(t) || Self.parts[n]?.contains(t) == true else {
                    throw fail(pp + [.key("transform")], "transform '\(t)' does not apply to a \(n.rawValue)")
                }
            }
        }
        for (gi, g) in (d.digests ?? []).enumerated() {
            let p = base + [.key("digests"), .index(gi)]
            try claim(g.name, p + [.key("name")])
            guard !g.columns.isEmpty else { throw fail(p + [.key("columns")], "digest '\(g.name)' has no columns") }
            guard !g.saltFile.isEmpty else { throw fail(p + [.key("saltFile")], "digest '\(g.name)' needs a saltFile") }
        }
    }
}
