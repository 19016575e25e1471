extension LinkageEvaluation {
    /// The truth column for each level.
    public static let levels = ["person": "person_id", "household": "household_id", "address": "address_id"]

    /// Reads a truth file (`dataset, record_id` and one id column per level).
    public static func loadTruth(path: String, level: String) throws -> LinkageEvaluation {
        guard let column = levels[level] else { throw EvaluationError.unknownLevel(level) }
        let r = try CSVReader(path: path)
        let header = try r.next()?.fields ?? []
        guard let d = header.firstIndex(of: "dataset"), let i = header.firstIndex(of: "record_id"), let e = header.firstIndex(of: column) else {
            throw EvaluationError.missingColumns(file: path, needed: "dataset, record_id, \(column)")
        }
        var truth: [RecordKey: String] = [:]
        while let rec = try r.next() {
            guard rec.fields.count == header.count else { throw EvaluationError.malformedRow(file: path, line: rec.line) }
            truth[RecordKey(dataset: rec.fields[d], id: rec.fields[i])] = rec.fields[e]
        }
        return LinkageEvaluation(truth: truth)
    }

    /// A linkage result read from a file.
    public enum Result: Sendable {
        case clusters([RecordKey: String])
        case pairs([(RecordKey, RecordKey)])
    }

    /// Reads a result: clusters (`dataset, record_id, cluster_id`) or pairs
    /// (`dataset_a, record_a, dataset_b, record_b`), told apart by the header.
    /// `clusterColumn` names the cluster column (e.g. `household_id` in `linkhaven link`'s clusters.csv).
    public static func loadResult(path: String, clusterColumn: String = "cluster_id") throws -> Result {
        let r = try CSVReader(path: path)
        let header = try r.next()?.fields ?? []
        if let d = header.firstIndex(of: "dataset"), let i = header.firstIndex(of: "record_id"), let c = header.firstIndex(of: clusterColumn) {
            var clusters: [RecordKey: String] = [:]
            while let rec = try r.next() {
            guard rec.fields.count == header.count else { throw EvaluationError.malformedRow(file: path, line: rec.line) }
                clusters[RecordKey(dataset: rec.fields[d], id: rec.fields[i])] = rec.fields[c]
            }
            return .clusters(clusters)
        }
        guard let da = header.firstIndex(of: "dataset_a"), let ra = header.firstIndex(of: "record_a"),
              let db = header.firstIndex(of: "dataset_b"), let rb = header.firstIndex(of: "record_b") else {
            throw EvaluationError.missingColumns(file: path, needed: "dataset, record_id, \(clusterColumn) (clusters) or dataset_a, record_a, dataset_b, record_b (pairs)")
        }
        var pairs: [(RecordKey, RecordKey)] = []
        while let rec = try r.next() {
            guard rec.fields.count == header.count else { throw EvaluationError.malformedRow(file: path, line: rec.line) }
            pairs.append((RecordKey(dataset: rec.fields[da], id: rec.fields[ra]), RecordKey(dataset: rec.fields[db], id: rec.fields[rb])))
        }
        return .pairs(pairs)
    }

    /// Scores a result read from a file.
    public func score(_ result: Result, level: String) throws -> Report {
        switch result {
        case .clusters(let c): try score(clusters: c, level: level)
        case .pairs(let p): try score(pairs: p, level: level)
        }
    }
}

extension LinkageEvaluation.Result {
    /// The same result with every record renamed by `f` (e.g. record tokens to record ids).
    public func mapped(_ f: (LinkageEvaluation.RecordKey) -> LinkageEvaluation.RecordKey) -> LinkageEvaluation.Result {
        switch self {
        case .clusters(let c): .clusters(Dictionary(c.map { (f($0.key), $0.value) }, uniquingKeysWith: { a, _ in a }))
        case .pairs(let p): .pairs(p.map { (f($0.0), f($0.1)) })
        }
    }
}
