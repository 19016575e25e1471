import Foundation
import LinkhavenCore

/// A published output as open data in JSON: its definition and its protected result (suppressed cells `null`).
public struct OpenDataOut: Codable, Sendable, Equatable {
    public var title: String; public var kind: String; public var definition: AnalysisDefinition; public var result: AnalysisResult
    public init(title: String, kind: String, definition: AnalysisDefinition, result: AnalysisResult) {
        self.title = title; self.kind = kind; self.definition = definition; self.result = result
    }
}

extension API {
    public static let openOutputCSV = Endpoint<NoBody, CSVText>(
        .get, "/api/v1/open/outputs/{output}/csv", "A published output as CSV (suppressed cells [c])", who: "anyone")
    public static let openOutputJSON = Endpoint<NoBody, OpenDataOut>(
        .get, "/api/v1/open/outputs/{output}/json", "A published output as JSON (suppressed cells null)", who: "anyone")
    public static let openOutputGeoJSON = Endpoint<NoBody, GeoJSONText>(
        .get, "/api/v1/open/outputs/{output}/geojson", "A published table as GeoJSON, areas as features", who: "anyone")
    public static let cohortTokens = Endpoint<NoBody, CSVText>(
        .get, "/api/v1/outputs/{output}/tokens", "A released cohort's records of the caller's own datasets (dataset,record_token)",
        who: "API token with download-cohort")

    static let openDataOperations: [Operation] = [openOutputCSV.operation, openOutputJSON.operation, openOutputGeoJSON.operation, cohortTokens.operation]
}
