import Fluent
import Foundation
import Vapor

/// What a dataset's holder says of it in the catalogue: description, coverage, update frequency and
/// field definitions (JSON object, field → definition). One per dataset of a project.
final class CatalogueEntry: Model, @unchecked Sendable {
    static let schema = "catalogue_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "dataset") var dataset: String
    @Field(key: "organisation") var organisation: UUID
    @Field(key: "description") var description: String
    @Field(key: "coverage_area") var coverageArea: String
    @OptionalField(key: "period_start") var periodStart: String?
    @OptionalField(key: "period_end") var periodEnd: String?
    @Field(key: "update_frequency") var updateFrequency: UpdateFrequency
    @Field(key: "definitions") var definitions: String
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] {
        [$id, $projectID, $dataset, $organisation, $description, $coverageArea, $periodStart, $periodEnd, $updateFrequency, $definitions,
         $updatedBy, $updatedAt]
    }
    init() {}

    /// The definitions, field → text.
    var definitionsByField: [String: String] { (try? JSONDecoder().decode([String: String].self, from: Data(definitions.utf8))) ?? [:] }
}
