/// The comparisons a design uses: one per identifier, levels ordered from exact to fuzzy with what the files
/// carry, and every field of where someone lives in one comparison (address and postcode are not independent).
extension LinkDesigner {
    /// A comparison and the linkage fields it reads.
    struct Designed {
        var spec: ComparisonSpec
        var fields: [String]
        var note: String?
    }

    static func level(_ label: String, token: String? = nil, parts: String? = nil, clk: String? = nil, dice: Double? = nil, tf: Bool? = nil) -> LevelSpec {
        LevelSpec(label: label, token: token, parts: parts, clk: clk, dice: dice, tf: tf)
    }

    /// Comparisons for the fields the files carry, in a fixed order (identifiers, names, dates, sex, location,
    /// others, then CLKs of several fields whose fields have no fuzzy level of their own).
    mutating func comparisons() -> [Designed] {
        var out: [Designed] = []
        for f in fields(.identifier) {
            guard let t = f.token else { continue }
            out.append(Designed(spec: ComparisonSpec(name: Self.label(f.name), null: [t], levels: [Self.level("exact", token: t)]), fields: [f.name]))
        }
        for f in fields(.name) {
            var levels: [LevelSpec] = []
            if let t = f.token { levels.append(Self.level("exact", token: t, tf: true)) }
            if let p = f.parts { levels.append(Self.level("shares a name part", parts: p)) }
            if let c = f.clk { levels += [Self.level("similar", clk: c, dice: 0.8), Self.level("somewhat similar", clk: c, dice: 0.6)] }
            let null = f.token ?? f.parts ?? f.clk!
            out.append(Designed(spec: ComparisonSpec(name: Self.label(f.name), null: [null], levels: levels), fields: [f.name],
                                note: f.clk == nil ? "no CLK of \(f.name) alone: spelling differences are not scored" : nil))
        }
        for f in fields(.date) {
            var levels: [LevelSpec] = []
            if let t = f.token { levels.append(Self.level("exact", token: t)) }
            if let c = f.clk {
                levels += [Self.level("one digit or swap", clk: c, dice: 0.8), Self.level("similar", clk: c, dice: 0.6)]
            } else {
                for (name, _, transform) in blockingKeys.filter({ $0.fields == [f.name] }) {
                    if transform == "yearMonth" { levels.append(Self.level("same month", token: name)) }
                    if transform == "year" { levels.append(Self.level("same year", token: name)) }
                }
            }
            guard !levels.isEmpty else { continue }
            out.append(Designed(spec: ComparisonSpec(name: Self.label(f.name), null: [f.token ?? f.clk!], levels: levels), fields: [f.name],
                                note: f.clk == nil ? "no CLK of \(f.name) alone: a mistyped digit is not scored" : nil))
        }
        for f in fields(.sex) {
            guard let t = f.token else { continue }
            out.append(Designed(spec: ComparisonSpec(name: Self.label(f.name), null: [t], levels: [Self.level("exact", token: t)]), fields: [f.name]))
        }
        if let location = locationComparison() { out.append(location) }
        for f in fields(.other) {
            guard let t = f.token else { continue }
            out.append(Designed(spec: ComparisonSpec(name: Self.label(f.name), null: [t], levels: [Self.level("exact", token: t, tf: true)]), fields: [f.name]))
        }
        // A CLK of several fields adds what those fields' own comparisons cannot: similarity where a field has none.
        let fuzzy = Set(fields.filter { $0.clk != nil || $0.kind == .sex || $0.kind == .location }.map(\.name))
        for (name, fs) in multiCLKs where fs.contains(where: { !fuzzy.contains($0) }) {
            out.append(Designed(spec: ComparisonSpec(name: Self.label(name), null: [name], levels: [
                Self.level("≥0.9", clk: name, dice: 0.9), Self.level("≥0.8", clk: name, dice: 0.8), Self.level("≥0.7", clk: name, dice: 0.7)]),
                                fields: fs, note: "similarity of \(fs.filter { !fuzzy.contains($0) }.joined(separator: ", ")), which have no CLK of their own"))
        }
        noteMissing(out)
        return out
    }

    /// Where someone lives, as one comparison: same property, same address, similar address, same postcode, sector, district.
    func locationComparison() -> Designed? {
        let loc = fields(.location)
        guard !loc.isEmpty else { return nil }
        var levels: [LevelSpec] = [], used: [String] = []
        let uprn = loc.filter { $0.normaliser == .uprn }, address = loc.filter { $0.normaliser == .address }, postcode = loc.filter { $0.normaliser == .postcode }
        for f in uprn { if let t = f.token { levels.append(Self.level("same property", token: t)); used.append(f.name) } }
        for f in address { if let t = f.token { levels.append(Self.level("same address", token: t)); used.append(f.name) } }
        for f in address { if let c = f.clk { levels.append(Self.level("similar address", clk: c, dice: 0.8)); used.append(f.name) } }
        for f in postcode { if let t = f.token { levels.append(Self.level("same postcode", token: t)); used.append(f.name) } }
        let names = Set(loc.map(\.name))
        for (transform, label) in [("sector", "same postcode sector"), ("district", "same postcode district")] {
            if let k = blockingKeys.first(where: { $0.transform == transform && $0.fields.count == 1 && names.contains($0.fields[0]) }) {
                levels.append(Self.level(label, token: k.name)); used.append(k.fields[0])
            }
        }
        guard let primary = (address + postcode + uprn).compactMap(\.token).first else { return nil }
        var seen = Set<String>()
        return Designed(spec: ComparisonSpec(name: "where they live", null: [primary], levels: levels),
                        fields: used.filter { seen.insert($0).inserted }, note: "address, postcode and property are one piece of evidence")
    }

    mutating func noteMissing(_ comparisons: [Designed]) {
        let kinds = Set(fields.filter { $0.token != nil || $0.clk != nil || $0.parts != nil }.map(\.kind))
        if !kinds.contains(.date) { notes.append("no date of birth: people are told apart by name and where they live alone, and training may take brothers and sisters (same surname, same address) for matches: check the links with clerical review") }
        if !kinds.contains(.location) { notes.append("no address or postcode: households are not formed, and people with the same name and birth date are not told apart") }
        if fields(.name).count == 1 { notes.append("one name field: the name is compared whole") }
        if kinds.isDisjoint(with: [.name, .identifier]) { notes.append("no name or identifier: links rest on dates and places, which many people share") }
        if comparisons.isEmpty { notes.append("no comparable identifier") }
    }
}
