import Foundation

extension BreachCorpus {
    /// Builds `files` clean and `files` seeded files into `out` from the pseudonymised datasets
    /// (`<dataset>.pseudo.csv`) in `directory`, and writes `index.json`. Deterministic for a seed.
    public static func build(pseudonymised directory: String, spec: LinkageSpec, into out: String, files: Int, seed: UInt64) throws -> Index {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var sources: [(DatasetSpec, [String], [[String]])] = []
        for d in spec.datasets {
            let reader = try CSVReader(path: directory + "/\(d.name).pseudo.csv")
            guard let header = try reader.next()?.fields else { continue }
            var rows: [[String]] = []
            while let r = try reader.next() { rows.append(r.fields) }
            if !rows.isEmpty { sources.append((d, header, rows)) }
        }
        guard !sources.isEmpty else { throw PlanError("no pseudonymised datasets in '\(directory)'") }
        var r = SynthRandom(seed: seed, stream: 0xB4EAC4)
        let kinds = IdentifierKind.allCases
        var entries: [Entry] = []
        for i in 0..<(2 * files) {
            let seeded = i % 2 == 1
            let (d, header, all) = sources[(i / 2) % sources.count]
            let n = min(all.count, r.int(20...300))
            let startRow = r.int(0...(all.count - n))
            var rows = Array(all[startRow..<(startRow + n)])
            var e = Entry(file: String(format: "%@-%05d.csv", seeded ? "seeded" : "clean", i / 2), dataset: d.name, rows: n)
            if seeded {
                let kind = kinds[(i / 2) % kinds.count]
                let formats = leaks[kind]!
                let (formatName, make) = formats[(i / 2 / kinds.count) % formats.count]
                let columns = d.outputColumns
                let pseudonymCols = columns.indices.filter { columns[$0].kind.isPseudonym }
                let freeCols = columns.indices.filter { !columns[$0].kind.isPseudonym }
                let inPseudonym = kind == .malformedToken || freeCols.isEmpty || r.chance(0.3)
                let col = r.pick(inPseudonym ? pseudonymCols : freeCols)
                let many = r.chance(0.2)
                let first = r.pick([0, n - 1, r.int(0...(n - 1))])
                let targets = many ? Array(Set([first] + (0..<max(1, n / 10)).map { _ in r.int(0...(n - 1)) })).sorted() : [first]
                for t in targets {
                    var v = make(&r)
                    if formatName == "truncated" { v = String(rows[t][col].dropLast(3)); if v.isEmpty { v = "dGVzdA" } }
                    rows[t][col] = v
                }
                e.kind = kind; e.leakFormat = formatName; e.column = header[col]; e.line = targets[0] + 2; e.leakedRows = targets.count
            }
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

    /// What the breach guard caught.
    public struct Evaluation: Codable, Sendable {
        /// Clean files and how many were wrongly rejected.
        public var clean: Int, falseAlarms: Int, falseAlarmRate: Double
        /// Seeded files, how many were rejected, and how many of those named the seeded column.
        public var seeded: Int, caught: Int, catchRate: Double, caughtAtSeededColumn: Int
        /// Caught / seeded per kind and per "kind: format".
        public var byKind: [String: [Int]], byFormat: [String: [Int]]
        /// Files missed, and clean files rejected (names only).
        public var missed: [String], falseAlarmFiles: [String]
        /// Rows scanned and seconds taken.
        public var rows: Int, seconds: Double
    }

    /// Runs the breach guard (``IdentifierScanner`` with each dataset's column kinds) over the corpus in `directory`.
    public static func evaluate(corpus directory: String, spec: LinkageSpec) throws -> Evaluation {
        let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/index.json")))
        let columns = Dictionary(uniqueKeysWithValues: spec.datasets.map { ($0.name, $0.outputColumns) })
        var ev = Evaluation(clean: 0, falseAlarms: 0, falseAlarmRate: 0, seeded: 0, caught: 0, catchRate: 0, caughtAtSeededColumn: 0,
                            byKind: [:], byFormat: [:], missed: [], falseAlarmFiles: [], rows: 0, seconds: 0)
        let start = ContinuousClock.now
        for e in index.entries {
            let report = try IdentifierScanner.scan(reader: CSVReader(path: directory + "/" + e.file), columns: columns[e.dataset])
            ev.rows += report.rows
            guard let kind = e.kind else {
                ev.clean += 1
                if !report.isClean { ev.falseAlarms += 1; ev.falseAlarmFiles.append(e.file) }
                continue
            }
            ev.seeded += 1
            let caught = !report.isClean
            if caught { ev.caught += 1 } else { ev.missed.append(e.file) }
            if report.findings.contains(where: { $0.column == e.column }) { ev.caughtAtSeededColumn += 1 }
            ev.byKind[kind.rawValue, default: [0, 0]][0] += caught ? 1 : 0
            ev.byKind[kind.rawValue, default: [0, 0]][1] += 1
            ev.byFormat["\(kind.rawValue): \(e.leakFormat ?? "")", default: [0, 0]][0] += caught ? 1 : 0
            ev.byFormat["\(kind.rawValue): \(e.leakFormat ?? "")", default: [0, 0]][1] += 1
        }
        ev.falseAlarmRate = ev.clean == 0 ? 0 : Double(ev.falseAlarms) / Double(ev.clean)
        ev.catchRate = ev.seeded == 0 ? 0 : Double(ev.caught) / Double(ev.seeded)
        ev.seconds = (ContinuousClock.now - start).seconds
        return ev
    }
}
