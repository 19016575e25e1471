extension ScanAccumulator {
    /// Adds what `other` (an accumulator of the same header, fed later or other rows) has found.
    /// The lines kept are the smallest of both, as if one accumulator had seen every row.
    public mutating func merge(_ other: ScanAccumulator) {
        precondition(header == other.header)
        rows += other.rows
        func lines(_ a: [Int], _ b: [Int]) -> [Int] { Array((a + b).sorted().prefix(IdentifierScanner.linesKept)) }
        for i in header.indices {
            nonEmpty[i] += other.nonEmpty[i]
            profiles[i].merge(other.profiles[i])
            singleNames[i] = (singleNames[i].0 + other.singleNames[i].0, lines(singleNames[i].1, other.singleNames[i].1))
            for (kind, e) in other.counts[i] {
                let mine = counts[i][kind] ?? (0, [])
                counts[i][kind] = (mine.0 + e.0, lines(mine.1, e.1))
            }
        }
    }
}
