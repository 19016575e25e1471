import Foundation
import LinkhavenCore

/// A rule over the linked analysis table, e.g. `{"variable": "hh:police.dv_child_present", "op": "=", "value": "Y"}`.
public struct Condition: Codable, Sendable, Equatable {
    public var variable: String
    /// `=`, `!=`, `in`, `exists`, `>=` or `<=`.
    public var op: String
    public var value: String?
    public var values: [String]?
    /// How outputs name it (a predictor, a cohort flag); the condition text when absent.
    public var name: String?

    public init(variable: String, op: String, value: String? = nil, values: [String]? = nil, name: String? = nil) {
        self.variable = variable; self.op = op; self.value = value; self.values = values; self.name = name
    }

    /// The name outputs show for it.
    public var label: String { name ?? ([variable, op, value ?? values?.joined(separator: "|")].compactMap { $0 }.joined(separator: " ")) }
}

/// An analysis an analyst defines and can re-run on any later linkage run: a crosstab (counts, or
/// sums of a numeric variable), a logistic regression, a matched comparison, or a cohort.
public struct AnalysisDefinition: Codable, Sendable, Equatable {
    public var kind: String
    public var title: String
    /// Who is counted (all conditions must hold), e.g. the children in the school readiness data.
    public var population: [Condition]
    /// crosstab: the row and column variables, and optionally a numeric variable to sum.
    public var rows: String?
    public var columns: String?
    public var sum: String?
    /// regression and comparison: the outcome; regression: the predictors (each a yes/no condition).
    public var outcome: Condition?
    public var predictors: [Condition]?
    /// comparison: who had the intervention, and what they are matched on.
    public var treated: Condition?
    public var covariates: [Condition]?
    /// `person` (default) or `household`: a household-level crosstab counts households (one row per
    /// household); a household-level cohort returns to providers the records of everyone in the
    /// members' households (e.g. the adults known to a service).
    public var level: String?

    public init(kind: String, title: String, population: [Condition], rows: String? = nil, columns: String? = nil, sum: String? = nil,
                outcome: Condition? = nil, predictors: [Condition]? = nil, treated: Condition? = nil, covariates: [Condition]? = nil,
                level: String? = nil) {
        self.kind = kind; self.title = title; self.population = population; self.rows = rows; self.columns = columns; self.sum = sum
        self.outcome = outcome; self.predictors = predictors; self.treated = treated; self.covariates = covariates; self.level = level
    }

    /// The kinds of analysis there are.
    public static let kinds = ["crosstab", "regression", "comparison", "cohort"]

    /// Every condition the definition uses.
    public var conditions: [Condition] { population + [outcome, treated].compactMap { $0 } + (predictors ?? []) + (covariates ?? []) }

    /// Every variable the definition uses.
    public var variables: [String] { conditions.map(\.variable) + [rows, columns, sum].compactMap { $0 } }
}

/// What an analysis produced, after disclosure control: only protected figures, the check report
/// cell by cell, and whether anything had to be withheld.
public struct AnalysisResult: Codable, Sendable, Equatable {
    /// The population counted, rounded.
    public var population: Int
    public var table: CheckedTable?
    /// For count tables: each cell as a share of its row (its group), from the published (rounded)
    /// figures only; `nil` where either is suppressed.
    public var rates: [[Double?]]?
    public var model: LogisticRegression?
    public var comparison: MatchedComparison?
    /// A cohort's size, rounded (its members never leave the platform except as each provider's own tokens).
    public var cohort: Int?
    public var findings: [DisclosureFinding]
    /// `true` when a rule failed that protection cannot fix (a model or comparison is then not shown).
    public var withheld: Bool
    public var rules: DisclosureRules

    public init(population: Int, table: CheckedTable? = nil, rates: [[Double?]]? = nil, model: LogisticRegression? = nil,
                comparison: MatchedComparison? = nil, cohort: Int? = nil, findings: [DisclosureFinding], withheld: Bool, rules: DisclosureRules) {
        self.population = population; self.table = table; self.rates = rates; self.model = model; self.comparison = comparison
        self.cohort = cohort; self.findings = findings; self.withheld = withheld; self.rules = rules
    }
}

/// An analysis to run: its definition, on a linkage run (the latest that succeeded when left out).
public struct AnalysisIn: Codable, Sendable, Equatable {
    public var run: UUID?; public var definition: AnalysisDefinition
    public init(run: UUID? = nil, definition: AnalysisDefinition) { self.run = run; self.definition = definition }
}

/// Which linkage run to run an output's definition on again (the latest that succeeded when left out).
public struct RerunIn: OmittableBody, Equatable {
    public var run: UUID?
    public init() { run = nil }
    public init(run: UUID?) { self.run = run }
}

/// A decision on an output's release: a reviewer's or a data owner's.
public struct DecisionOut: Codable, Sendable, Equatable {
    /// `review` or `owner`.
    public var kind: String; public var user: UUID; public var organisation: UUID; public var approve: Bool; public var note: String
    public var decidedAt: Date
    public init(kind: String, user: UUID, organisation: UUID, approve: Bool, note: String, decidedAt: Date) {
        self.kind = kind; self.user = user; self.organisation = organisation; self.approve = approve; self.note = note; self.decidedAt = decidedAt
    }
}

/// An output: its definition, its disclosure-checked result, and where its release stands.
public struct OutputOut: Codable, Sendable, Equatable {
    public var id: UUID; public var project: UUID; public var run: UUID; public var author: UUID; public var status: OutputStatus
    public var definition: AnalysisDefinition; public var result: AnalysisResult; public var datasets: [String]
    public var createdAt: Date; public var releasedAt: Date?
    public var decisions: [DecisionOut]
    /// Organisations whose data the output uses and that have not yet approved its release.
    public var ownersPending: [UUID]

    public init(id: UUID, project: UUID, run: UUID, author: UUID, status: OutputStatus, definition: AnalysisDefinition, result: AnalysisResult,
                datasets: [String], createdAt: Date, releasedAt: Date?, decisions: [DecisionOut], ownersPending: [UUID]) {
        self.id = id; self.project = project; self.run = run; self.author = author; self.status = status; self.definition = definition
        self.result = result; self.datasets = datasets; self.createdAt = createdAt; self.releasedAt = releasedAt; self.decisions = decisions
        self.ownersPending = ownersPending
    }
}

/// A reviewer's or data owner's decision on a release.
public struct ReleaseDecisionIn: Codable, Sendable, Equatable {
    public var approve: Bool; public var note: String?
    public init(approve: Bool, note: String? = nil) { self.approve = approve; self.note = note }
}

extension API {
    public static let runAnalysis = Endpoint<AnalysisIn, OutputOut>(
        .post, "/api/v1/projects/{id}/analyses", "Run an analysis (crosstab, regression, comparison, cohort) on a linkage run; disclosure-checked",
        who: "project analyst", success: 201)
    public static let rerunOutput = Endpoint<RerunIn, OutputOut>(
        .post, "/api/v1/outputs/{output}/rerun", "Run an output's definition again on the latest (or a given) linkage run",
        who: "project analyst", success: 201)
    public static let outputs = Endpoint<NoBody, [OutputOut]>(
        .get, "/api/v1/projects/{id}/outputs", "Outputs: all for analysts and reviewers, released ones for partners", who: "project access")
    public static let output = Endpoint<NoBody, OutputOut>(
        .get, "/api/v1/outputs/{output}", "An output with its check report and release decisions", who: "as the list")
    public static let requestRelease = Endpoint<NoBody, OutputOut>(
        .post, "/api/v1/outputs/{output}/request-release", "Put an output forward for release", who: "its author")
    public static let reviewOutput = Endpoint<ReleaseDecisionIn, OutputOut>(
        .post, "/api/v1/outputs/{output}/review", "An independent reviewer's decision (approve, note)", who: "project reviewer or analyst, not the author")
    public static let approveAsOwner = Endpoint<ReleaseDecisionIn, OutputOut>(
        .post, "/api/v1/outputs/{output}/owner-approval", "A data owner's decision (approve, note)", who: "an organisation whose data it uses")
    public static let publishOutput = Endpoint<NoBody, OutputOut>(
        .post, "/api/v1/outputs/{output}/publish", "Publish a released output as open data", who: "project analyst")

    static let outputOperations: [Operation] = [
        runAnalysis.operation, rerunOutput.operation, outputs.operation, output.operation,
        requestRelease.operation, reviewOutput.operation, approveAsOwner.operation, publishOutput.operation,
    ]
}
