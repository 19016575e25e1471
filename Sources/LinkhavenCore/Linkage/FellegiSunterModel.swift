import Foundation

/// A Fellegi–Sunter model: for each comparison, the m and u probability of each level (the last
/// level is "else"), and the prior probability that a candidate pair is a match. Saved and
/// reloaded as JSON; its parameters are the data behind the model charts.
public struct FellegiSunterModel: Codable, Sendable, Equatable {
    /// One level's parameters.
    public struct Level: Codable, Sendable, Equatable {
        public var label: String
        public var m: Double, u: Double
        public var tf: Bool
        /// The match weight, log2(m/u).
        public var weight: Double { log2(m / u) }
    }
    /// One comparison's levels.
    public struct Comparison: Codable, Sendable, Equatable {
        public var name: String
        public var levels: [Level]
    }
    public static let currentFormat = "linkhaven-model/1"
    public var format: String
    public var comparisons: [Comparison]
    /// P(match) among candidate pairs.
    public var prior: Double
    /// Corrections for evidence that is not independent (see ``Dependence``); none for older models.
    public var dependences: [Dependence]?

    /// Two comparisons that agree together among non-matches far more often than apart — a surname and an
    /// address (families), a date of birth and an address (twins). When `comparison` is at its first level and
    /// `with` at its first, the pair's weight changes by `weight`: log2(u × u′ / u_both), from the pairs agreeing
    /// on both counted exactly, less the matches the model expects among them. Never positive.
    public struct Dependence: Codable, Sendable, Equatable {
        public var comparison: String, with: String
        public var weight: Double
    }

    /// Starting values: m falling from 0.9 at the first level, u from the data.
    public init(specs: [ComparisonSpec]) {
        format = Self.currentFormat
        comparisons = specs.map { c in
            let n = c.levels.count
            var levels = c.levels.enumerated().map { i, l in
                Level(label: l.label, m: i == 0 ? 0.8 : 0.15 / Double(n), u: 0.01, tf: l.tf ?? false)
            }
            levels.append(Level(label: "else", m: 0.05, u: 0.9, tf: false))
            return Comparison(name: c.name, levels: levels)
        }
        prior = 0.05
    }

    /// The prior's match weight, log2(λ/(1−λ)).
    public var priorWeight: Double { log2(prior / (1 - prior)) }

    /// Probability from a total match weight.
    public static func probability(weight: Double) -> Double {
        let o = exp2(min(weight, 60))
        return o / (1 + o)
    }

    /// The total match weight at which a pair has probability `p`, log2(p/(1−p)).
    public static func weight(probability p: Double) -> Double {
        let q = min(max(p, 1e-18), 1 - 1e-15)
        return log2(q / (1 - q))
    }

    /// Reads a saved model.
    public static func load(path: String) throws -> FellegiSunterModel {
        guard let data = FileManager.default.contents(atPath: path) else { throw LinkageError.badInput("cannot read model '\(path)'") }
        let m = try JSONDecoder().decode(FellegiSunterModel.self, from: data)
        guard m.format == currentFormat else { throw LinkageError.badInput("'\(path)' is not a \(currentFormat) model") }
        return m
    }

    /// The model as JSON.
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }
}

/// One comparison's contribution to a pair's match weight: a step of the waterfall chart.
public struct WeightStep: Codable, Sendable, Equatable {
    public var comparison: String
    public var level: String
    public var weight: Double
    /// The part of `weight` from term-frequency adjustment.
    public var tfAdjustment: Double
}

/// Why a pair scored as it did.
public struct PairExplanation: Codable, Sendable, Equatable {
    public var priorWeight: Double
    public var steps: [WeightStep]
    public var totalWeight: Double
    public var probability: Double
}
