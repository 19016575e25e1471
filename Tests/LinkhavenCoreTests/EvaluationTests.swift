import Testing
@testable import LinkhavenCore

@Suite("Linkage evaluation")
struct EvaluationTests {
    typealias K = LinkageEvaluation.RecordKey
    // Truth: person 1 in a, b, b (a duplicate in b); person 2 in a and b; person 3 only in a.
    let eval = LinkageEvaluation(truth: [K(dataset: "a", id: "1"): "p1", K(dataset: "b", id: "1"): "p1", K(dataset: "b", id: "2"): "p1",
                                         K(dataset: "a", id: "2"): "p2", K(dataset: "b", id: "3"): "p2", K(dataset: "a", id: "3"): "p3"])

    @Test func perfectClusters() throws {
        let r = try eval.score(clusters: eval.truth, level: "person")
        #expect(r.overall == .init(truePairs: 4, predictedPairs: 4, correctPairs: 4))
        #expect(r.overall.f1 == 1)
        #expect(r.byDatasetPair["a ~ b"] == .init(truePairs: 3, predictedPairs: 3, correctPairs: 3))
        #expect(r.byDatasetPair["b ~ b"] == .init(truePairs: 1, predictedPairs: 1, correctPairs: 1))
    }

    @Test func singletonsHaveNoRecallAndMergingCostsPrecision() throws {
        let none = try eval.score(clusters: [:], level: "person")
        #expect(none.overall.recall == 0 && none.overall.precision == 1)
        var merged = eval.truth
        merged[K(dataset: "a", id: "2")] = "p1"
        merged[K(dataset: "b", id: "3")] = "p1"
        let r = try eval.score(clusters: merged, level: "person")
        #expect(r.overall.predictedPairs == 10 && r.overall.correctPairs == 4)
        #expect(abs(r.overall.precision - 0.4) < 1e-9 && r.overall.recall == 1)
    }

    @Test func pairsCountOnceInEitherOrder() throws {
        let pairs = [(K(dataset: "a", id: "1"), K(dataset: "b", id: "1")), (K(dataset: "b", id: "1"), K(dataset: "a", id: "1")),
                     (K(dataset: "a", id: "2"), K(dataset: "b", id: "2"))]
        let r = try eval.score(pairs: pairs, level: "person")
        #expect(r.overall == .init(truePairs: 4, predictedPairs: 2, correctPairs: 1))
        #expect(r.overall.precision == 0.5 && r.overall.recall == 0.25)
    }

    @Test func unknownRecordsAreErrorsWithoutIDs() {
        #expect(throws: EvaluationError.unknownRecord(dataset: "c")) { try eval.score(clusters: [K(dataset: "c", id: "secret-9"): "x"], level: "person") }
        #expect(!"\(EvaluationError.unknownRecord(dataset: "c"))".contains("secret"))
    }
}
