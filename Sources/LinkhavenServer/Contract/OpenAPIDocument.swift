import Vapor

/// The OpenAPI description of the API, served at `GET /api/v1/openapi.json`: every operation of the
/// contract (`API.operations`), with its parameters and its body's and replies' media types and schemas.
/// A test checks that every route the app registers under /api/v1 is described, and that everything
/// described is served.
enum OpenAPIDocument {
    /// The whole document.
    static let document = OpenAPI(API.operations)
}

func openAPIRoute(_ api: any RoutesBuilder) {
    api.on(API.openAPI) { _ in JSONDocument(text: String(decoding: try OpenAPIDocument.document.json(), as: UTF8.self)) }
}

/// The API's OpenAPI document as served (`linkhaven-server openapi` prints it, for client generators
/// and for checking it with a validator without starting a server).
public func openAPIDocumentJSON() throws -> Data { try OpenAPIDocument.document.json() }
