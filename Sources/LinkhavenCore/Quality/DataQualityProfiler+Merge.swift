extension DataQualityProfiler {
    /// Adds what `other` (a profiler of the same columns, fed other rows) has seen.
    public mutating func merge(_ other: DataQualityProfiler) {
        precondition(columns.count == other.columns.count)
        rows += other.rows
        rowsWithoutMatchKey += other.rowsWithoutMatchKey
        for i in columns.indices {
            let o = other.columns[i]
            columns[i].filled += o.filled; columns[i].wellFormed += o.wellFormed
            columns[i].numbers += o.numbers; columns[i].dates += o.dates
            columns[i].distinct.merge(o.distinct)
            columns[i].clkFill += o.clkFill; columns[i].clkSaturated += o.clkSaturated
            columns[i].minNumber = min(columns[i].minNumber, o.minNumber)
            columns[i].maxNumber = max(columns[i].maxNumber, o.maxNumber)
            if let d = o.minDate, columns[i].minDate.map({ d < $0 }) ?? true { columns[i].minDate = d }
            if let d = o.maxDate, columns[i].maxDate.map({ d > $0 }) ?? true { columns[i].maxDate = d }
        }
    }
}
