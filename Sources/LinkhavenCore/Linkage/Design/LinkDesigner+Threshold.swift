import Foundation

/// The threshold from the model's own estimate: over the scored pairs, the expected true matches above each
/// weight (the sum of their probabilities) give the precision and recall the model expects there. The match
/// threshold is the lowest at which the expected precision is still at least ``targetPrecision`` (never below
/// probability 0.5; where no threshold reaches it, the one with the highest expected F1); the clerical-review
/// band is the 4 bits of weight (16 times the odds) below it. The model's probabilities are not calibrated
/// (comparisons are not independent: family members agree on surname and address together), so its expected
/// precision runs high, and the target is set above the precision wanted.
extension LinkDesigner {
    /// Quarter-bit bins of match weight from −40 to +40.
    static let fineBins = 321
    static func fineBin(_ w: Double) -> Int { min(max(Int(((w + 40) * 4).rounded()), 0), fineBins - 1) }
    /// The lowest weight of bin `b`.
    static func fineFloor(_ b: Int) -> Double { -40 + (Double(b) - 0.5) / 4 }
    /// Pairs scored below this probability are not kept while the threshold is still to be chosen.
    static let keepFloor = 0.05
    static let reviewBand = 4.0
    static let targetPrecision = 0.995

    /// Chooses match and review thresholds from the pairs and expected matches per fine bin.
    static func threshold(counts: [Int], mass: [Double]) -> (thresholds: LinkConfig.Thresholds, curve: [LinkDesign.ThresholdPoint]) {
        let totalMass = mass.reduce(0, +)
        var curve: [LinkDesign.ThresholdPoint] = []
        var n = 0, m = 0.0, best: (f1: Double, b: Int)? = nil, precise: Int? = nil, stillPrecise = true
        for b in stride(from: fineBins - 1, through: 0, by: -1) {
            n += counts[b]; m += mass[b]
            let w = fineFloor(b), p = FellegiSunterModel.probability(weight: w)
            guard n > 0, totalMass > 0 else { continue }
            let precision = m / Double(n), recall = m / totalMass
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            if counts[b] > 0 && w >= -15 { curve.append(.init(weight: w, probability: p, pairs: n, precision: precision, recall: recall, f1: f1)) }
            if p >= 0.5, f1 > (best?.f1 ?? -1) { best = (f1, b) }
            if counts[b] > 0 { stillPrecise = stillPrecise && precision >= targetPrecision }
            if p >= 0.5, stillPrecise { precise = b }
        }
        let matchWeight = (precise ?? best?.b).map(fineFloor) ?? 0
        let match = FellegiSunterModel.probability(weight: matchWeight)
        let review = max(keepFloor, FellegiSunterModel.probability(weight: matchWeight - reviewBand))
        return (LinkConfig.Thresholds(match: (match * 1e6).rounded(.down) / 1e6, review: (review * 1e6).rounded(.down) / 1e6), curve.reversed())
    }
}
