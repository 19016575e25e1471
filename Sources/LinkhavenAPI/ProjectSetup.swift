import Foundation

extension API {
    public static let registerLinkage = Endpoint<JSONDocument, NoBody>(
        .put, "/api/v1/projects/{id}/linkage", "Register the linkage spec (linkhaven-spec JSON body) and the project key's fingerprint",
        who: "member admin or signatory", success: 204,
        query: [QueryParameter("keyFingerprint", "the project key's fingerprint, as the provider tool prints it", .string(format: nil), required: true)])
    public static let linkConfig = Endpoint<NoBody, JSONDocument>(
        .get, "/api/v1/projects/{id}/link-config", "The project's linkage configuration (linkhaven-link/1), as set", who: "project access")
    public static let setLinkConfig = Endpoint<JSONDocument, NoBody>(
        .put, "/api/v1/projects/{id}/link-config", "Set an expert linkage configuration (linkhaven-link/1 JSON body); without one, runs design the linkage from the spec", who: "project analyst", success: 204)
    public static let clearLinkConfig = Endpoint<NoBody, NoBody>(
        .delete, "/api/v1/projects/{id}/link-config", "Remove the expert linkage configuration, so that runs design the linkage from the spec again",
        who: "project analyst", success: 204)
    public static let boundaries = Endpoint<NoBody, GeoJSONText>(
        .get, "/api/v1/projects/{id}/boundaries", "The project's small-area boundaries", who: "project access")
    public static let setBoundaries = Endpoint<GeoJSONText, NoBody>(
        .put, "/api/v1/projects/{id}/boundaries", "Set the small-area boundaries (GeoJSON FeatureCollection, properties.code) for maps",
        who: "project analyst", success: 204)

    static let projectSetupOperations: [Operation] = [
        registerLinkage.operation, linkConfig.operation, setLinkConfig.operation, clearLinkConfig.operation, boundaries.operation, setBoundaries.operation,
    ]
}
