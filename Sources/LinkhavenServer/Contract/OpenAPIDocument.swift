import Vapor

/// The OpenAPI description of the JSON API, served at `GET /api/v1/openapi.json`: the contract's typed
/// operations (`API.operations`, with their bodies' and replies' schemas) and, until they move onto the
/// contract, the others by method, path and words. A test checks that every route the app registers
/// under /api/v1 is described, and that everything described is served.
enum OpenAPIDocument {
    /// Operations not yet typed by the contract: (method, path, summary, who may call it).
    static let untyped: [(HTTPMethodName, PathTemplate, String, String)] = [
        (.post, "/api/v1/sessions", "Sign in with e-mail, password and TOTP code", "anyone"),
        (.delete, "/api/v1/sessions", "Sign out", "signed in"),
        (.post, "/api/v1/me/password", "Change password", "signed in"),
        (.post, "/api/v1/organisations", "Register an organisation", "operator"),
        (.get, "/api/v1/organisations", "Organisations: its own and its partners' (all for the operator)", "signed in"),
        (.post, "/api/v1/organisations/{org}/users", "Add a user to an organisation", "its admin, or the operator"),
        (.post, "/api/v1/me/two-factor", "After a reset: a new authenticator secret and recovery codes (shown once)", "signed in (password only after a reset)"),
        (.post, "/api/v1/me/two-factor/confirm", "Confirm the new authenticator with a code", "signed in (password only after a reset)"),
        (.delete, "/api/v1/projects/{id}/members/{user}", "Remove one of your organisation's users from a project ({reason})", "member org admin"),
        (.post, "/api/v1/organisations/{org}/credentials", "Record a security credential", "its admin"),
        (.post, "/api/v1/projects/{id}/members", "Give one of your organisation's users a role in a project", "member org admin"),
        (.get, "/api/v1/projects/{id}", "A project: purpose, assessment, red lines, members", "project members; member admins and signatories"),
        (.get, "/api/v1/audit/export", "Export the audit chain with a signed checkpoint", "operator, org admin, auditor"),
        (.get, "/api/v1/platform/public-key", "The platform's Ed25519 checkpoint key", "anyone"),
        (.get, "/api/v1/openapi.json", "This document", "anyone"),
        (.put, "/api/v1/projects/{id}/linkage", "Register the linkage spec (body) and project key fingerprint (?keyFingerprint=)", "member admin or signatory"),
        (.put, "/api/v1/projects/{id}/boundaries", "Set the small-area boundaries (GeoJSON FeatureCollection, properties.code) for maps", "project analyst"),
        (.get, "/api/v1/projects/{id}/boundaries", "The project's small-area boundaries", "project access"),
        (.get, "/api/v1/projects/{id}/link-config", "The project's linkage configuration", "project access"),
        (.put, "/api/v1/projects/{id}/link-config", "Set the linkage configuration (linkhaven-link/1 JSON body)", "project analyst"),
        (.get, "/api/v1/open/outputs/{output}/{format}", "A published output as csv, json or geojson", "anyone"),
        (.get, "/api/v1/outputs/{output}/tokens", "A released cohort's records of the caller's own datasets (dataset,record_token)", "API token with download-cohort"),
        (.get, "/api/v1/audit-requests/{request}/bundle", "The audit pack (tar) once approved", "the requester's admin, signatory or auditor"),
    ]

    /// Every operation of the API, typed or not yet.
    static let operations = API.operations + untyped.map { Operation(method: $0.0, path: $0.1, summary: $0.2, who: $0.3) }

    /// The whole document.
    static let document = OpenAPI(operations)
}

func openAPIRoute(_ api: any RoutesBuilder) {
    api.get("openapi.json") { _ -> Response in .body(try OpenAPIDocument.document.json(), type: .json) }
}

/// The API's OpenAPI document as served (`linkhaven-server openapi` prints it, for client generators
/// and for checking it with a validator without starting a server).
public func openAPIDocumentJSON() throws -> Data { try OpenAPIDocument.document.json() }
