/// Scores a linkage result against the truth: precision, recall and F1 of record pairs, overall
/// and per provider pair (a dataset with itself is its within-provider duplicates). Every accuracy
/// claim in the project is measured with this.
///
/// Pairs are counted from group sizes, never enumerated, so clusters of any size are cheap: for
/// entities E and predicted clusters C, true pairs are Σ_E C(|E|,2), predicted pairs Σ_C C(|C|,2)
/// and correct pairs Σ_{C∩E} C(|C∩E|,2), split by the datasets of the two records.
public struct LinkageEvaluation: Sendable {
    /// Counts and scores for one slice (overall or one dataset pair).
    public struct Score: Codable, Sendable, Equatable {
        public var truePairs: Int, predictedPairs: Int, correctPairs: Int
        public var falsePositives: Int { predictedPairs - correctPairs }
        public var falseNegatives: Int { truePairs - correctPairs }
        public var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
        public var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        enum CodingKeys: String, CodingKey { case truePairs, predictedPairs, correctPairs, falsePositives, falseNegatives, precision, recall, f1 }
        public func encode(to e: Encoder) throws {
            var c = e.container(keyedBy: CodingKeys.self)
            try c.encode(truePairs, forKey: .truePairs); try c.encode(predictedPairs, forKey: .predictedPairs)
            try c.encode(correctPairs, forKey: .correctPairs); try c.encode(falsePositives, forKey: .falsePositives)
            try c.encode(falseNegatives, forKey: .falseNegatives); try c.encode(precision, forKey: .precision)
            try c.encode(recall, forKey: .recall); try c.encode(f1, forKey: .f1)
        }
        public init(from d: Decoder) throws {
            let c = try d.container(keyedBy: CodingKeys.self)
            truePairs = try c.decode(Int.self, forKey: .truePairs); predictedPairs = try c.decode(Int.self, forKey: .predictedPairs)
            correctPairs = try c.decode(Int.self, forKey: .correctPairs)
        }
        init(truePairs: Int = 0, predictedPairs: Int = 0, correctPairs: Int = 0) {
            self.truePairs = truePairs; self.predictedPairs = predictedPairs; self.correctPairs = correctPairs
        }
    }

    /// The result: overall, and by dataset pair (`"housing ~ police"`).
    public struct Report: Codable, Sendable {
        public var level: String
        public var records: Int, recordsInResult: Int
        public var overall: Score
        public var byDatasetPair: [String: Score]
    }

    /// A record: its dataset and its id.
    public struct RecordKey: Hashable, Sendable {
        public var dataset: String, id: String
        public init(dataset: String, id: String) { self.dataset = dataset; self.id = id }
    }

    /// Truth: the entity (person, household or address) of each record.
    public let truth: [RecordKey: String]

    /// Evaluation against `truth`.
    public init(truth: [RecordKey: String]) { self.truth = truth }

    static func pairName(_ a: String, _ b: String) -> String { a <= b ? "\(a) ~ \(b)" : "\(b) ~ \(a)" }

    /// Adds the pairs within groups (each group: dataset → count) to the `keyPath` count of `scores`.
    static func addPairs(_ groups: [String: [String: Int]].Values, to scores: inout [String: Score], _ keyPath: WritableKeyPath<Score, Int>) {
        for g in groups {
            let items = g.sorted { $0.key < $1.key }
            for (i, (da, na)) in items.enumerated() {
                scores[pairName(da, da), default: Score()][keyPath: keyPath] += na * (na - 1) / 2
                for (db, nb) in items[(i + 1)...] { scores[pairName(da, db), default: Score()][keyPath: keyPath] += na * nb }
            }
        }
    }

    /// Scores clusters (record → cluster id). Records absent from `clusters` are singletons.
    public func score(clusters: [RecordKey: String], level: String) throws -> Report {
        var entities: [String: [String: Int]] = [:], predicted: [String: [String: Int]] = [:], both: [String: [String: Int]] = [:]
        for (k, e) in truth { entities[e, default: [:]][k.dataset, default: 0] += 1 }
        for (k, c) in clusters {
            guard let e = truth[k] else { throw EvaluationError.unknownRecord(dataset: k.dataset) }
            predicted[c, default: [:]][k.dataset, default: 0] += 1
            both[c + "\u{1F}" + e, default: [:]][k.dataset, default: 0] += 1
        }
        var scores: [String: Score] = [:]
        Self.addPairs(entities.values, to: &scores, \.truePairs)
        Self.addPairs(predicted.values, to: &scores, \.predictedPairs)
        Self.addPairs(both.values, to: &scores, \.correctPairs)
        return report(scores, level: level, inResult: clusters.count)
    }

    /// Scores record pairs (either order; repeats count once).
    public func score(pairs: [(RecordKey, RecordKey)], level: String) throws -> Report {
        var entities: [String: [String: Int]] = [:]
        for (k, e) in truth { entities[e, default: [:]][k.dataset, default: 0] += 1 }
        var scores: [String: Score] = [:]
        Self.addPairs(entities.values, to: &scores, \.truePairs)
        var seen = Set<[RecordKey]>(), records = Set<RecordKey>()
        for (a, b) in pairs where a != b {
            guard let ea = truth[a] else { throw EvaluationError.unknownRecord(dataset: a.dataset) }
            guard let eb = truth[b] else { throw EvaluationError.unknownRecord(dataset: b.dataset) }
            let key = (a.dataset, a.id) <= (b.dataset, b.id) ? [a, b] : [b, a]
            guard seen.insert(key).inserted else { continue }
            records.insert(a); records.insert(b)
            let name = Self.pairName(a.dataset, b.dataset)
            scores[name, default: Score()].predictedPairs += 1
            if ea == eb { scores[name, default: Score()].correctPairs += 1 }
        }
        return report(scores, level: level, inResult: records.count)
    }

    func report(_ scores: [String: Score], level: String, inResult: Int) -> Report {
        var overall = Score()
        for s in scores.values {
            overall.truePairs += s.truePairs; overall.predictedPairs += s.predictedPairs; overall.correctPairs += s.correctPairs
        }
        return Report(level: level, records: truth.count, recordsInResult: inResult, overall: overall, byDatasetPair: scores)
    }
}

/// Problems with evaluation inputs. They name datasets and columns, never record ids.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    case unknownRecord(dataset: String)
    case missingColumns(file: String, needed: String)
    case unknownLevel(String)
    case malformedRow(file: String, line: Int)

    public var description: String {
        switch self {
        case .unknownRecord(let d): "the result names a record of dataset '\(d)' that the truth does not have"
        case .missingColumns(let f, let n): "'\(f)' needs the columns \(n)"
        case .unknownLevel(let l): "unknown level '\(l)': use person, household or address"
        case .malformedRow(let f, let l): "'\(f)' line \(l): the row does not have as many fields as the header"
        }
    }
}
