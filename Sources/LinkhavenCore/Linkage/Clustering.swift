/// Groups linked records into persons and households with union–find, guarding against chaining:
/// links are taken strongest first; a link is refused if it would put two records of a dataset
/// whose provider says its records are unique into one cluster, or if it joins two clusters that
/// already hold several records and is weaker than the bridge threshold.
public struct Clustering {
    private var parent: [Int32]
    private var size: [Int32]
    private var uniqueMask: [UInt64]

    /// One singleton cluster per record; `uniqueDatasets` are the dataset indices (< 64) declared unique.
    public init(table: LinkageTable, uniqueDatasets: Set<Int>) {
        parent = (0..<Int32(table.count)).map { $0 }
        size = Array(repeating: 1, count: table.count)
        uniqueMask = table.datasetOf.map { uniqueDatasets.contains(Int($0)) && $0 < 64 ? UInt64(1) << UInt64($0) : 0 }
    }

    /// The cluster root of record `i`.
    public mutating func find(_ i: Int) -> Int {
        var x = Int32(i)
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return Int(x)
    }

    /// Joins the clusters of `i` and `j` unless a guard refuses; returns whether it joined.
    @discardableResult
    public mutating func union(_ i: Int, _ j: Int, probability: Double = 1, bridge: Double = 0) -> Bool {
        let a = find(i), b = find(j)
        if a == b { return true }
        if uniqueMask[a] & uniqueMask[b] != 0 { return false }
        if size[a] > 1, size[b] > 1, probability < bridge { return false }
        let (big, small) = size[a] >= size[b] ? (a, b) : (b, a)
        parent[small] = Int32(big)
        size[big] += size[small]
        uniqueMask[big] |= uniqueMask[small]
        return true
    }

    /// A cluster id for every record (the smallest record index in its cluster).
    public mutating func labels() -> [Int32] {
        var first = [Int32](repeating: -1, count: parent.count)
        var out = [Int32](repeating: 0, count: parent.count)
        for i in 0..<parent.count {
            let r = find(i)
            if first[r] < 0 { first[r] = Int32(i) }
            out[i] = first[r]
        }
        return out
    }
}

/// Household clusters: records at the same address (equal address tokens, or address CLKs at
/// least `dice` similar within the same block), joined with the person clusters, so a family that
/// moved is one household across its old and new addresses.
public enum HouseholdClustering {
    public static func cluster(table: LinkageTable, persons: [Int32], addressToken: String?, addressCLK: String?, dice: Double,
                               block: String?) -> [Int32] {
        var c = Clustering(table: table, uniqueDatasets: [])
        for i in 0..<table.count where persons[i] != Int32(i) { c.union(i, Int(persons[i])) }
        if let t = addressToken, let col = table.tokens[t] {
            var firstAt: [Int32: Int] = [:]
            for i in 0..<table.count where col[i] != 0 {
                if let f = firstAt[col[i]] { c.union(i, f) } else { firstAt[col[i]] = i }
            }
        }
        if let a = addressCLK, let clk = table.clks[a], let b = block, let blockCol = table.tokens[b] {
            var byBlock: [Int32: [Int]] = [:]
            for i in 0..<table.count where blockCol[i] != 0 && clk.counts[i] != 0 { byBlock[blockCol[i], default: []].append(i) }
            let n = clk.wordsPerRecord
            clk.words.withUnsafeBufferPointer { w in
                for members in byBlock.values where members.count <= 2_000 {
                    for x in 0..<members.count {
                        for y in (x + 1)..<members.count {
                            let i = members[x], j = members[y]
                            let inter = DiceKernel.intersection(w.baseAddress! + i * n, w.baseAddress! + j * n, words: n)
                            if DiceKernel.dice(intersection: inter, clk.counts[i], clk.counts[j]) >= dice { c.union(i, j) }
                        }
                    }
                }
            }
        }
        return c.labels()
    }
}
