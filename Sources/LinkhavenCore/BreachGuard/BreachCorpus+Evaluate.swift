import Foundation

extension BreachCorpus {
    /// A share with its 95% Wilson score interval.
    public struct Rate: Codable, Sendable, Equatable {
        public var hits: Int, of: Int, rate: Double, low: Double, high: Double

        public init(hits: Int, of: Int) {
            self.hits = hits; self.of = of
            rate = of == 0 ? 0 : Double(hits) / Double(of)
            (low, high) = Self.wilson(hits, of)
        }

        /// The Wilson score interval at 95% (z = 1.96): sound at 0 and 100%, where the normal interval is not.
        static func wilson(_ k: Int, _ n: Int) -> (Double, Double) {
            guard n > 0 else { return (0, 1) }
            let z = 1.959964, p = Double(k) / Double(n), nn = Double(n)
            let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
            let half = z * ((p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()) / (1 + z * z / nn)
            return (max(0, centre - half), min(1, centre + half))
        }
    }

    /// What the breach guard caught.
    public struct Evaluation: Codable, Sendable {
        /// Clean files wrongly rejected, and seeded files caught.
        public var falseAlarms: Rate, caught: Rate
        /// Caught per placement, per "placement: kind", per "placement: kind: format", and by whether the spec declared profiles.
        public var byPlacement: [String: Rate], byKind: [String: Rate], byFormat: [String: Rate], byProfile: [String: Rate]
        /// Caught files whose findings named the seeded column (or the header).
        public var namedColumn: Int
        /// Files missed, and clean files rejected (names only).
        public var missed: [String], falseAlarmFiles: [String]
        /// Rows scanned and seconds taken.
        public var rows: Int, seconds: Double
    }

    /// Runs the breach guard (``IdentifierScanner`` with each file's columns) over the corpus in `directory`.
    public static func evaluate(corpus directory: String) throws -> Evaluation {
        let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/index.json")))
        guard index.format == currentFormat else { throw PlanError("'\(directory)' holds a corpus of format \(index.format); build it again") }
        var clean = (0, 0), caught = (0, 0), named = 0, rows = 0
        var tallies: [String: [String: (Int, Int)]] = [:]
        var missed: [String] = [], alarms: [String] = []
        let start = ContinuousClock.now
        for e in index.entries {
            let report = try IdentifierScanner.scan(reader: CSVReader(path: directory + "/" + e.file), columns: e.columns)
            rows += report.rows
            guard let placement = e.placement, let kind = e.kind else {
                clean.1 += 1
                if !report.isClean { clean.0 += 1; alarms.append(e.file) }
                continue
            }
            let hit = !report.isClean
            caught.1 += 1
            if hit { caught.0 += 1 } else { missed.append(e.file) }
            if report.findings.contains(where: { placement == .header ? $0.placement == .header : $0.column == e.column }) { named += 1 }
            for (table, key) in [("placement", placement.rawValue), ("kind", "\(placement.rawValue): \(kind.rawValue)"),
                                 ("format", "\(placement.rawValue): \(kind.rawValue): \(e.leakFormat ?? "")"),
                                 ("profile", e.learned ? "learned from the file" : "declared in the spec")] {
                var t = tallies[table, default: [:]][key] ?? (0, 0)
                t.0 += hit ? 1 : 0
                t.1 += 1
                tallies[table, default: [:]][key] = t
            }
        }
        func rates(_ table: String) -> [String: Rate] { (tallies[table] ?? [:]).mapValues { Rate(hits: $0.0, of: $0.1) } }
        return Evaluation(falseAlarms: Rate(hits: clean.0, of: clean.1), caught: Rate(hits: caught.0, of: caught.1),
                          byPlacement: rates("placement"), byKind: rates("kind"), byFormat: rates("format"), byProfile: rates("profile"),
                          namedColumn: named, missed: missed, falseAlarmFiles: alarms, rows: rows,
                          seconds: (ContinuousClock.now - start).seconds)
    }
}
