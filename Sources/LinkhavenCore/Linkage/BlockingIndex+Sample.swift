/// Sampling a rule's pairs evenly without enumerating them: the designer measures many candidate rules, some
/// with hundreds of millions of pairs, and needs a few thousand of each.
extension BlockingIndex {
    /// About `count` of rule `r`'s pairs (every pair of its blocks, other rules' pairs included), evenly spaced
    /// over all of them, and how many pairs each sampled one stands for. Pairs the link type does not compare
    /// are drawn and dropped, so the weight stays right.
    public func samplePairs(rule r: Int, count: Int) -> (pairs: [(Int, Int)], weight: Double) {
        let rule = rules[r]
        let total = rule.runs.reduce(0) { $0 + $1.count * ($1.count - 1) / 2 }
        guard total > 0, count > 0 else { return ([], 0) }
        let step = max(1.0, Double(total) / Double(count))
        var out: [(Int, Int)] = [], drawn = 0
        var next = 0.0, before = 0   // pairs of the runs already passed
        for run in rule.runs {
            let n = run.count, inRun = n * (n - 1) / 2
            while Int(next) < before + inRun {
                let (x, y) = Self.pair(Int(next) - before, of: n)
                let i = Int(rule.order[run.lowerBound + x]), j = Int(rule.order[run.lowerBound + y])
                drawn += 1
                if wanted(i, j) { out.append((min(i, j), max(i, j))) }
                next += step
            }
            before += inRun
        }
        return (out, drawn > 0 ? Double(total) / Double(drawn) : 0)
    }

    /// The `k`th pair (x < y) of `n` items, pairs counted row by row: (0,1), (0,2), …, (1,2), …
    static func pair(_ k: Int, of n: Int) -> (Int, Int) {
        // Row x starts at x(2n − x − 1)/2; solve for the last row starting at or before k, then correct rounding.
        let b = Double(2 * n - 1)
        var x = Int((b - (b * b - 8 * Double(k)).squareRoot()) / 2)
        func start(_ x: Int) -> Int { x * (2 * n - x - 1) / 2 }
        x = max(0, min(x, n - 2))
        while x > 0 && start(x) > k { x -= 1 }
        while x < n - 2 && start(x + 1) <= k { x += 1 }
        return (x, x + 1 + k - start(x))
    }
}
