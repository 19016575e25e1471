import Foundation
@testable import LinkhavenCore
import Testing

@Suite("Analyses: logistic regression and matched comparison")
struct AnalysisTests {
    func uniform(_ rng: inout SplitMix) -> Double { Double(rng.next() >> 11) / Double(1 << 53) }

    @Test func logisticRegressionRecoversKnownOddsRatios() throws {
        var rng = SplitMix(seed: 7)
        var x: [[Double]] = [], y: [Bool] = []
        for _ in 0..<20_000 {
            let a = uniform(&rng) < 0.4 ? 1.0 : 0.0, b = uniform(&rng) * 2 - 1
            let p = 1 / (1 + exp(-(-1 + 0.8 * a - 0.5 * b)))
            x.append([a, b]); y.append(uniform(&rng) < p)
        }
        let m = try LogisticRegression.fit(outcome: "ready", y: y, x: x, predictors: ["risk", "score"])
        #expect(m.converged && m.residualDF == 20_000 - 3)
        for (term, truth) in zip(m.terms, [-1.0, 0.8, -0.5]) {
            #expect(abs(term.coefficient - truth) < 4 * term.standardError, "\(term.name): \(term.coefficient) vs \(truth)")
            let (lower, upper) = (try #require(term.lower95), try #require(term.upper95))
            #expect(lower < exp(truth) && exp(truth) < upper || abs(term.coefficient - truth) < 3 * term.standardError)
            #expect(term.note == nil)
        }
        #expect(m.terms[1].pValue < 1e-6)
        #expect(throws: AnalysisError.self) { try LogisticRegression.fit(outcome: "y", y: [true, false, true, false], x: [[1, 1], [0, 0], [1, 1], [0, 0]], predictors: ["a", "b"]) }
    }

    @Test func aSeparatingPredictorIsReportedNotEstimableNotInfinite() throws {
        // Everyone with the risk factor has the outcome: its odds ratio is unbounded. The model still
        // encodes (JSON has no infinity) and says which term is not estimable.
        var x: [[Double]] = [], y: [Bool] = []
        for i in 0..<400 { let risk = i % 4 == 0; x.append([risk ? 1 : 0]); y.append(risk || i % 3 == 0) }
        let m = try LogisticRegression.fit(outcome: "ready", y: y, x: x, predictors: ["risk"])
        #expect(m.terms[0].oddsRatio != nil && m.terms[0].note == nil, "the intercept is estimable")
        #expect(m.terms[1].upper95 == nil && m.terms[1].note?.hasPrefix("not estimable") == true, "\(m.terms[1])")
        let back = try JSONDecoder().decode(LogisticRegression.self, from: try JSONEncoder().encode(m))
        #expect(back == m)
    }

    @Test func matchedComparisonRemovesConfoundingAndFindsTheEffect() throws {
        var rng = SplitMix(seed: 11)
        var x: [[Double]] = [], treated: [Bool] = [], outcome: [Bool] = []
        for _ in 0..<12_000 {
            let risk = uniform(&rng) < 0.5 ? 1.0 : 0.0, age = uniform(&rng)
            let t = uniform(&rng) < (risk == 1 ? 0.35 : 0.08)          // the riskier are more often treated
            let p = 0.15 + 0.35 * risk + 0.1 * age - (t ? 0.10 : 0)   // and more often reoffend; treatment cuts it by 0.10
            x.append([risk, age]); treated.append(t); outcome.append(uniform(&rng) < p)
        }
        let naive = Double((0..<x.count).filter { treated[$0] && outcome[$0] }.count) / Double(treated.filter { $0 }.count)
            - Double((0..<x.count).filter { !treated[$0] && outcome[$0] }.count) / Double(treated.filter { !$0 }.count)
        let r = try MatchedComparison.run(treated: treated, outcome: outcome, covariates: x, names: ["risk", "age"])
        #expect(naive > 0, "confounded: the treated look worse (\(naive))")
        #expect(r.lower95 < -0.10 && -0.10 < r.upper95, "\(r.difference) [\(r.lower95), \(r.upper95)]")
        #expect(r.upper95 < 0)
        #expect(r.balance.allSatisfy { abs($0.after) < 0.1 } && r.balance[0].before > 0.3)
    }
}

@Suite("Disclosure checks of models and comparisons")
struct ModelDisclosureTests {
    @Test func smallModelsAndRareCategoriesAreWithheld() throws {
        // 14 observations, 3 parameters: 11 residual df passes 10; a category with 3 people does not.
        let x: [[Double]] = (0..<14).map { [$0 < 3 ? 1 : 0, Double($0 % 5)] }
        let y = (0..<14).map { $0 % 2 == 0 }
        let m = try LogisticRegression.fit(outcome: "ready", y: y, x: x, predictors: ["rare", "n"])
        let findings = DisclosureControl.checkModel(m, y: y, x: x, rules: DisclosureRules())
        #expect(!findings.contains { $0.rule == "residual-df" })
        #expect(findings.contains { $0.rule == "threshold" && $0.row == "rare" })
        var strict = DisclosureRules(); strict.minimumResidualDF = 20
        #expect(DisclosureControl.checkModel(m, y: y, x: x, rules: strict).contains { $0.rule == "residual-df" })
    }
}
