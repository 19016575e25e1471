import Fluent
import Foundation
import LinkhavenCore
import Vapor

func reviewRoutes(_ api: any RoutesBuilder) {
    /// The run's clerical review queue, most uncertain first.
    api.on(API.reviewQueue) { req in
        let c = try await req.caller()
        let j = try await req.runWithAccess(c)
        try await req.requireProjectRole(c, project: j.projectID, [.analyst, .reviewer], "linkage.review.read")
        // A run's results are read only once it has succeeded (they are written in batches before that).
        let pairs = j.status == RunStatus.succeeded ? try await ReviewPair.query(on: req.db).filter(\.$runID == j.requireID()).all() : []
        let decisions = try await ClericalDecision.query(on: req.db).filter(\.$projectID == j.projectID).all()
        let decided = Dictionary(decisions.map { ($0.keyA + "|" + $0.keyB, $0.isMatch) }, uniquingKeysWith: { a, _ in a })
        req.auditRead(c, organisation: c.organisation, action: "linkage.review.read", object: "linkage-run/\(try j.requireID())")
        return try pairs.sorted { abs($0.probability - 0.5) < abs($1.probability - 0.5) }.map { p in
            let (a, b) = p.keyA < p.keyB ? (p.keyA, p.keyB) : (p.keyB, p.keyA)
            return ReviewPairOut(id: try p.requireID(), datasetA: p.datasetA, datasetB: p.datasetB, weight: p.weight, probability: p.probability,
                                 explanation: try? JSONDecoder().decode(PairExplanation.self, from: Data(p.explanation.utf8)), isMatch: decided[a + "|" + b])
        }
    }

    /// A reviewer's decision on a pair: kept for the project; the next run follows it.
    api.on(API.decidePair) { req, input in
        let c = try await req.caller()
        let j = try await req.runWithAccess(c)
        try await req.requireProjectRole(c, project: j.projectID, [.analyst, .reviewer], "linkage.review.decide")
        try await req.govern(.clericalDecision, project: j.projectID, datasets: Set(j.inputDatasets), c)
        guard let p = try await ReviewPair.find(req.parameters.get("pair", as: UUID.self), on: req.db), p.runID == (try j.requireID()) else {
            throw Abort(.notFound, reason: "no such pair in this run's review queue")
        }
        let (a, b) = p.keyA < p.keyB ? (p.keyA, p.keyB) : (p.keyB, p.keyA)
        let d = try await ClericalDecision.query(on: req.db).filter(\.$projectID == j.projectID).filter(\.$keyA == a).filter(\.$keyB == b).first()
            ?? ClericalDecision()
        d.projectID = j.projectID; d.keyA = a; d.keyB = b; d.isMatch = input.isMatch; d.decidedBy = c.userID; d.decidedAt = req.now
        d.probability = p.probability
        try await d.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "linkage.review.decide", object: "review-pair/\(try p.requireID())")
        return ReviewPairOut(id: try p.requireID(), datasetA: p.datasetA, datasetB: p.datasetB, weight: p.weight, probability: p.probability,
                             explanation: try? JSONDecoder().decode(PairExplanation.self, from: Data(p.explanation.utf8)), isMatch: input.isMatch)
    }
}
