import Fluent
import Foundation
import Vapor

func boundaryRoutes(_ api: any RoutesBuilder) {
    /// Sets the project's boundaries: a GeoJSON FeatureCollection of Polygon or MultiPolygon features,
    /// each with `properties.code` (the small-area code its outputs use).
    api.put("projects", ":id", "boundaries") { req async throws -> HTTPStatus in
        let (c, p, id) = try await req.projectActor([.analyst], "project.boundaries")
        guard let data = req.bodyData, let areas = SVGMap.areas(data), !areas.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "send a GeoJSON FeatureCollection of Polygon or MultiPolygon features, each with properties.code")
        }
        p.boundaries = String(decoding: data, as: UTF8.self)
        try await p.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "project.boundaries", object: "project/\(id)")
        return .noContent
    }

    api.get("projects", ":id", "boundaries") { req async throws -> Response in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        guard !p.boundaries.isEmpty else { throw Abort(.notFound, reason: "the project has no boundaries") }
        return Response.body(p.boundaries, type: HTTPMediaType(type: "application", subType: "geo+json"))
    }
}
