import Foundation

/// Logistic regression by Newton–Raphson (iteratively reweighted least squares), with odds
/// ratios, Wald 95% confidence intervals and p-values, as the school readiness analysis needs
/// ("readiness against household risk factors").
public struct LogisticRegression: Codable, Sendable, Equatable {
    /// One term of the model: the intercept or a predictor.
    public struct Term: Codable, Sendable, Equatable {
        public var name: String
        public var coefficient: Double, standardError: Double
        /// `nil` when unbounded (`note` says why): a predictor that (almost) separates the outcome has an odds
        /// ratio or interval too large to state.
        public var oddsRatio: Double?, lower95: Double?, upper95: Double?
        public var pValue: Double
        /// Why the odds ratio or its interval is not given, if it is not.
        public var note: String?

        /// The term for `coefficient` with standard error `se`: its odds ratio, Wald 95% interval and p-value,
        /// each only where it is a finite number.
        init(name: String, coefficient: Double, se: Double) {
            let z = se > 0 ? coefficient / se : 0
            func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }
            self.name = name; self.coefficient = coefficient; standardError = se
            oddsRatio = finite(exp(coefficient)); lower95 = finite(exp(coefficient - 1.959964 * se)); upper95 = finite(exp(coefficient + 1.959964 * se))
            pValue = erfc(abs(z) / 2.0.squareRoot())
            if oddsRatio == nil || lower95 == nil || upper95 == nil {
                note = "not estimable: the outcome is (almost) completely separated by this term, so its odds ratio or interval is unbounded"
            }
        }
    }
    public var outcome: String
    public var terms: [Term]
    public var observations: Int
    /// Observations less parameters (intercept included).
    public var residualDF: Int
    public var logLikelihood: Double
    public var iterations: Int
    public var converged: Bool

    /// Fits `outcome ~ predictors`; `x[i]` holds observation `i`'s predictor values.
    public static func fit(outcome name: String, y: [Bool], x: [[Double]], predictors: [String], maxIterations: Int = 50) throws -> LogisticRegression {
        let n = y.count, p = predictors.count + 1
        guard n == x.count, x.allSatisfy({ $0.count == predictors.count }) else { throw AnalysisError.badInput("every observation needs one value per predictor") }
        guard n > p else { throw AnalysisError.badInput("\(n) observations cannot fit \(p) parameters") }
        let rows = x.map { [1.0] + $0 }
        var beta = [Double](repeating: 0, count: p)
        var information = [[Double]](), converged = false, iterations = 0, logLik = 0.0
        for it in 1...maxIterations {
            iterations = it
            var gradient = [Double](repeating: 0, count: p)
            information = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            logLik = 0
            for i in 0..<n {
                let eta = zip(rows[i], beta).reduce(0) { $0 + $1.0 * $1.1 }
                let mu = 1 / (1 + exp(-eta)), w = max(mu * (1 - mu), 1e-12)
                let yi = y[i] ? 1.0 : 0.0
                logLik += yi * log(max(mu, 1e-300)) + (1 - yi) * log(max(1 - mu, 1e-300))
                for a in 0..<p {
                    gradient[a] += (yi - mu) * rows[i][a]
                    for b in a..<p { information[a][b] += w * rows[i][a] * rows[i][b] }
                }
            }
            for a in 0..<p { for b in 0..<a { information[a][b] = information[b][a] } }
            guard let step = Matrix.solve(information, gradient) else { throw AnalysisError.singular("the predictors are collinear or a category is empty") }
            beta = zip(beta, step).map { $0 + $1 }
            if step.map(abs).max() ?? 0 < 1e-8 { converged = true; break }
        }
        guard let covariance = Matrix.inverse(information) else { throw AnalysisError.singular("the predictors are collinear or a category is empty") }
        let names = ["(intercept)"] + predictors
        let terms = try (0..<p).map { k in
            let se = sqrt(max(covariance[k][k], 0))
            guard beta[k].isFinite, se.isFinite else { throw AnalysisError.singular("the model cannot be estimated: '\(names[k])' has no finite coefficient") }
            return Term(name: names[k], coefficient: beta[k], se: se)
        }
        return LogisticRegression(outcome: name, terms: terms, observations: n, residualDF: n - p, logLikelihood: logLik,
                                  iterations: iterations, converged: converged)
    }

    /// The linear predictor (log odds) of one observation.
    public func logOdds(_ x: [Double]) -> Double {
        zip([1.0] + x, terms.map(\.coefficient)).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// Analyses that cannot be done on the data given.
public enum AnalysisError: Error, CustomStringConvertible, Sendable {
    case badInput(String), singular(String)
    public var description: String {
        switch self {
        case .badInput(let s): "bad input: \(s)"
        case .singular(let s): "the model cannot be fitted: \(s)"
        }
    }
}

/// Small dense linear algebra for model fitting.
enum Matrix {
    /// Solves `a x = b` by Gaussian elimination with partial pivoting; `nil` if singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = zip(a, b).map { $0 + [$1] }
        for col in 0..<n {
            guard let p = (col..<n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[p][col]) > 1e-12 else { return nil }
            m.swapAt(col, p)
            for r in 0..<n where r != col {
                let f = m[r][col] / m[col][col]
                if f != 0 { for c in col...n { m[r][c] -= f * m[col][c] } }
            }
        }
        return (0..<n).map { m[$0][n] / m[$0][$0] }
    }

    static func inverse(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var columns: [[Double]] = []
        for k in 0..<n {
            guard let c = solve(a, (0..<n).map { $0 == k ? 1 : 0 }) else { return nil }
            columns.append(c)
        }
        return (0..<n).map { r in (0..<n).map { columns[$0][r] } }
    }
}
