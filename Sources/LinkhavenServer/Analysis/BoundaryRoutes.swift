import Fluent
import Foundation
import Vapor

func boundaryRoutes(_ api: any RoutesBuilder) {
    /// Sets the project's boundaries: a GeoJSON FeatureCollection of Polygon or MultiPolygon features,
    /// each with `properties.code` (the small-area code its outputs use).
    api.on(API.setBoundaries) { req, geojson in
        let (c, p, id) = try await req.projectActor([.analyst], "project.boundaries")
        guard let areas = SVGMap.areas(geojson.text), !areas.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "send a GeoJSON FeatureCollection of Polygon or MultiPolygon features, each with properties.code")
        }
        p.boundaries = geojson.text
        try await p.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "project.boundaries", object: "project/\(id)")
        return NoBody()
    }

    api.on(API.boundaries) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        guard !p.boundaries.isEmpty else { throw Abort(.notFound, reason: "the project has no boundaries") }
        return GeoJSONText(text: p.boundaries)
    }
}
