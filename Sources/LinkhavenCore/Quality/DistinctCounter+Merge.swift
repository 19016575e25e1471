extension DistinctCounter {
    /// Adds everything `other` counted, as if its values had been added here (for counters filled
    /// by several workers). Two exact counters stay exact while their union is within the limit;
    /// otherwise the sketches are combined register by register.
    public mutating func merge(_ other: DistinctCounter) {
        if let theirs = other.exactValues {
            for v in theirs { add(v) }
            return
        }
        toSketch()
        mergeRegisters(other.sketchRegisters)
    }
}
