import Foundation

extension BreachCorpus {
    /// Builds `files` clean and `files` seeded files into `out` from the pseudonymised datasets
    /// (`<dataset>.pseudo.csv`) in `directory`, and writes `index.json`. Deterministic for a seed.
    public static func build(pseudonymised directory: String, spec: LinkageSpec, into out: String, files: Int, seed: UInt64) throws -> Index {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var sources: [(DatasetSpec, [[String]])] = []
        for d in spec.datasets {
            let reader = try CSVReader(path: directory + "/\(d.name).pseudo.csv")
            guard try reader.next() != nil else { continue }
            var rows: [[String]] = []
            while let r = try reader.next() { rows.append(r.fields) }
            if rows.count >= 20 { sources.append((d, rows)) }
        }
        guard !sources.isEmpty else { throw PlanError("no pseudonymised datasets of 20 rows or more in '\(directory)'") }
        var r = SynthRandom(seed: seed, stream: 0xB4EAC5)
        var entries: [Entry] = []
        for i in 0..<(2 * files) {
            let seeded = i % 2 == 1
            let (d, all) = sources[(i / 2) % sources.count]
            let n = min(all.count, r.int(20...300))
            let start = r.int(0...(all.count - n))
            var rows = Array(all[start..<(start + n)])
            var columns = d.outputColumns
            // The spec's shape: extra attribute columns, and whether it declares profiles at all.
            let learned = r.chance(0.3)
            var extras = BreachCorpus.extras.filter { _ in r.chance(0.35) }
            let placement: LeakPlacement? = seeded ? LeakPlacement.allCases[(i / 2) % LeakPlacement.allCases.count] : nil
            if placement == .freeText, !extras.contains(where: { $0.0.name == "notes" }) { extras.append(BreachCorpus.extras[0]) }
            if learned, placement != .freeText { extras.removeAll { $0.0.type == .text } }   // free text must be agreed as such
            for (c, make) in extras {
                columns.append(c)
                for j in rows.indices { rows[j].append(make(&r)) }
            }
            if learned { for j in columns.indices where columns[j].name != "notes" { columns[j].type = nil; columns[j].values = nil } }
            var e = Entry(file: String(format: "%@-%05d.csv", seeded ? "seeded" : "clean", i / 2), dataset: d.name, rows: n,
                          columns: columns, learned: learned)
            var header = columns.map(\.name)
            if let placement { seedLeak(placement, into: &rows, header: &header, columns: columns, entry: &e, &r) }
            let w = CSVWriter(file: try AtomicFileWriter(path: out + "/" + e.file, overwrite: true, mode: 0o644))
            try w.write(header)
            for row in rows { try w.write(row) }
            try w.file.commit()
            entries.append(e)
        }
        let index = Index(format: currentFormat, seed: seed, entries: entries)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(index).write(to: URL(fileURLWithPath: out + "/index.json"), options: .atomic)
        return index
    }

    /// Seeds one leak at `placement`, noting in `e` what went where.
    static func seedLeak(_ placement: LeakPlacement, into rows: inout [[String]], header: inout [String], columns: [OutputColumn],
                     entry e: inout Entry, _ r: inout SynthRandom) {
        let n = rows.count
        let pseudonyms = columns.indices.filter { columns[$0].kind.isPseudonym }
        let free = columns.indices.filter { !columns[$0].kind.isPseudonym && columns[$0].type != .text }
        func cells(_ most: Int) -> [Int] {
            let k = min(most, r.chance(0.4) ? 1 : r.int(1...50))   // one cell alone is the hardest case: two files in five
            var picked = Set<Int>()
            while picked.count < k { picked.insert(r.int(0...(n - 1))) }
            return picked.sorted()
        }
        func value() -> (IdentifierKind, String, String) {
            // Names are the leak real extracts have most (and the hardest): two in five; the other kinds share the rest.
            let kind = r.chance(0.4) ? .personName : r.pick(Array(formats.keys).sorted().filter { $0 != .personName })
            let (name, make) = r.pick(formats[kind]!)
            return (kind, name, make(&r))
        }
        var targets: [Int] = [], col = 0
        switch placement {
        case .wholeColumn:
            col = r.pick(free)
            targets = Array(0..<n)
            let (kind, name, _) = value()
            let make = formats[kind]!.first { $0.0 == name }!.1
            for t in targets { rows[t][col] = make(&r) }
            e.kind = kind; e.leakFormat = name
        case .tokenColumn:
            col = r.pick(pseudonyms)
            targets = cells(n / 5)
            if r.chance(0.15) {
                targets = targets.filter { rows[$0][col].count > 4 }
                if targets.isEmpty, let any = rows.indices.first(where: { rows[$0][col].count > 4 }) { targets = [any] }
                for t in targets { rows[t][col] = String(rows[t][col].dropLast(3)) }
                e.kind = .malformedToken; e.leakFormat = "truncated"
            } else {
                let (kind, name, first) = value()
                let make = formats[kind]!.first { $0.0 == name }!.1
                for (j, t) in targets.enumerated() { rows[t][col] = j == 0 ? first : make(&r) }
                e.kind = kind; e.leakFormat = name
            }
        case .singleCells:
            col = r.pick(free)
            targets = cells(max(1, n / 6))
            let (kind, name, first) = value()
            let make = formats[kind]!.first { $0.0 == name }!.1
            for (j, t) in targets.enumerated() { rows[t][col] = j == 0 ? first : make(&r) }
            e.kind = kind; e.leakFormat = name
        case .freeText:
            col = columns.firstIndex { $0.name == "notes" }!
            targets = cells(max(1, n / 6))
            let (name, kind, make) = r.pick(inText)
            for t in targets { rows[t][col] = make(&r) }
            e.kind = kind; e.leakFormat = name
        case .header:
            col = r.int(0...(header.count - 1))
            let kinds: [IdentifierKind] = [.personName, .fullDate, .nhsNumber, .postcode, .email]
            let kind = r.pick(kinds)
            var options = formats[kind]!
            if kind == .personName { options = options.filter { $0.0 != "forename alone" } }   // a header of one forename: too like a word
            let (name, make) = r.pick(options)
            header[col] = make(&r)
            e.kind = kind; e.leakFormat = name
            targets = [-1]
        }
        e.placement = placement; e.column = columns[col].name; e.line = targets[0] + 2; e.cells = targets.count
    }
}
