import Foundation

extension AnalysisDefinition {
    /// The resilience view (001 ¶13): people — or households — known to the partners' services, by small
    /// area and by how many of the run's datasets know them (1, 2 or 3+), under the agreement's
    /// disclosure rules and released like any other table. `area` is a variable holding the small area;
    /// by default each person's first small area in any dataset.
    public static func resilienceView(level: String = "person", area: String = "any:small_area") -> AnalysisDefinition {
        let households = level == "household"
        return AnalysisDefinition(kind: "crosstab", title: households ? "Resilience view: households known to several services, by small area"
                                                                      : "Resilience view: people known to several services, by small area",
                                  population: [Condition(variable: "services", op: "exists", name: "known to at least one service")],
                                  rows: area, columns: households ? "hh:services" : "services", level: households ? "household" : nil)
    }

    /// Whether this is a resilience view (its columns count the services that know someone).
    public var isResilienceView: Bool { kind == "crosstab" && sum == nil && (columns == "services" || columns == "hh:services") }
}
