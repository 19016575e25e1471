import Foundation

/// The statistical disclosure control rules an output must pass before anyone outside the
/// analysts sees it. Defaults follow common UK practice; an agreement may set its own, and a
/// provider may demand stricter ones (`stricter(_:)` combines them).
public struct DisclosureRules: Codable, Sendable, Equatable {
    /// Counts (and magnitude cells' contributors) below this are suppressed.
    public var minimumCount = 10
    /// Published counts are rounded to a multiple of this (1 publishes exact counts).
    public var roundingBase = 5
    /// Dominance (n, k): a magnitude cell whose `dominanceN` largest contributors make up at least
    /// `dominanceK` of its total is suppressed.
    public var dominanceN = 2
    public var dominanceK = 0.9
    /// p-ratio: a magnitude cell is suppressed when the total less its two largest contributors is
    /// under `pRatio` × the largest (the second largest could estimate the largest too closely).
    public var pRatio = 0.1
    /// Models need at least this many residual degrees of freedom.
    public var minimumResidualDF = 10

    public init() {}

    /// Any rule left out keeps its default, so an agreement can say only what it changes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DisclosureRules()
        minimumCount = try c.decodeIfPresent(Int.self, forKey: .minimumCount) ?? d.minimumCount
        roundingBase = try c.decodeIfPresent(Int.self, forKey: .roundingBase) ?? d.roundingBase
        dominanceN = try c.decodeIfPresent(Int.self, forKey: .dominanceN) ?? d.dominanceN
        dominanceK = try c.decodeIfPresent(Double.self, forKey: .dominanceK) ?? d.dominanceK
        pRatio = try c.decodeIfPresent(Double.self, forKey: .pRatio) ?? d.pRatio
        minimumResidualDF = try c.decodeIfPresent(Int.self, forKey: .minimumResidualDF) ?? d.minimumResidualDF
    }

    /// The stricter of two rule sets, rule by rule.
    public func stricter(_ other: DisclosureRules) -> DisclosureRules {
        var r = self
        r.minimumCount = max(minimumCount, other.minimumCount)
        r.roundingBase = max(roundingBase, other.roundingBase)
        r.dominanceN = max(dominanceN, other.dominanceN)   // more contributors, or a lower share, is stricter
        r.dominanceK = min(dominanceK, other.dominanceK)
        r.pRatio = max(pRatio, other.pRatio)
        r.minimumResidualDF = max(minimumResidualDF, other.minimumResidualDF)
        return r
    }

    /// Problems with the rules themselves (a rule set that protects nothing is refused).
    public var problems: [String] {
        var p: [String] = []
        if minimumCount < 3 { p.append("minimumCount must be at least 3") }
        if !(1...1_000).contains(roundingBase) { p.append("roundingBase must be 1 to 1,000") }
        if !(1...10).contains(dominanceN) || !(0.5...1).contains(dominanceK) { p.append("dominance needs n of 1 to 10 and k of 0.5 to 1") }
        if !(0...1).contains(pRatio) { p.append("pRatio must be 0 to 1") }
        if minimumResidualDF < 1 { p.append("minimumResidualDF must be at least 1") }
        return p
    }
}
