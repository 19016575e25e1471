import Foundation

/// The threshold from the model's own estimate: over the scored pairs, the expected true matches above each
/// weight (the sum of their probabilities) give the precision and recall the model expects there. The match
/// threshold is where their F1 is highest (never below probability 0.5) — but no lower than where the expected
/// precision stays at least ``precisionFloor``: the model's probabilities run high where evidence is thin (no date
/// of birth, one name), and links cost more than misses in clusters, which join whatever a false link touches.
/// Dependence corrections (see ``FellegiSunterModel/Dependence``) bring the estimates close to the truth when
/// every identifier is there. The clerical-review band is the 4 bits of weight (16 times the odds) below it.
extension LinkDesigner {
    /// Quarter-bit bins of match weight from −40 to +40.
    static let fineBins = 321
    static func fineBin(_ w: Double) -> Int { min(max(Int(((w + 40) * 4).rounded()), 0), fineBins - 1) }
    /// The lowest weight of bin `b`.
    static func fineFloor(_ b: Int) -> Double { -40 + (Double(b) - 0.5) / 4 }
    /// Pairs scored below this probability are not kept while the threshold is still to be chosen.
    static let keepFloor = 0.05
    static let reviewBand = 4.0
    static let precisionFloor = 0.98

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
            if counts[b] > 0 { stillPrecise = stillPrecise && precision >= precisionFloor }
            if p >= 0.5, stillPrecise { precise = b }
            if p >= 0.5, stillPrecise || precise == nil, f1 > (best?.f1 ?? -1) { best = (f1, b) }
        }
        let matchWeight = best.map { fineFloor($0.b) } ?? 0
        let match = FellegiSunterModel.probability(weight: matchWeight)
        let review = max(keepFloor, FellegiSunterModel.probability(weight: matchWeight - reviewBand))
        return (LinkConfig.Thresholds(match: (match * 1e6).rounded(.down) / 1e6, review: (review * 1e6).rounded(.down) / 1e6), curve.reversed())
    }
}
