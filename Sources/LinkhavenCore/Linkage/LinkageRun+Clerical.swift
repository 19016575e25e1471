import Foundation

/// A reviewer's decision on a pair of records (table indices), which a run follows over the model.
public struct ClericalPair: Sendable, Equatable {
    public var i: Int32, j: Int32
    public var isMatch: Bool
    public init(i: Int32, j: Int32, isMatch: Bool) {
        self.i = min(i, j)
        self.j = max(i, j)
        self.isMatch = isMatch
    }
}

extension LinkageRun {
    /// Follows clerical decisions before clustering: a pair decided a match is linked (pass −2), a
    /// pair decided not a match is never linked by the model, and decided pairs leave the review queue.
    mutating func applyClerical() {
        guard !clerical.isEmpty else { return }
        var decided: [Int64: Bool] = [:]
        for d in clerical { decided[Int64(d.i) << 32 | Int64(d.j)] = d.isMatch }
        func key(_ l: Link) -> Int64 { Int64(min(l.i, l.j)) << 32 | Int64(max(l.i, l.j)) }
        let before = links.count
        links.removeAll { decided[key($0)] == false && $0.pass < 0 }
        review.removeAll { decided[key($0)] != nil }
        let present = Set(links.map(key))
        for d in clerical where d.isMatch && !present.contains(Int64(d.i) << 32 | Int64(d.j)) {
            links.append(Link(i: d.i, j: d.j, probability: 1, weight: 99, pass: -2, rule: -1))
        }
        report.clericalMatches = clerical.filter(\.isMatch).count
        report.clericalNonMatches = clerical.count - report.clericalMatches
        report.linksRemovedByReview = before - links.filter { $0.pass != -2 }.count
    }
}
