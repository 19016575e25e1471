import Foundation
import LinkhavenCore
import Vapor

/// A published output's public page (`/register/outputs/{id}`, no sign-in): its figures as the
/// disclosure check left them, a map of its small areas drawn from the project's boundaries (suppressed
/// areas grey) with the table beside it, and its open data. Only a published output whose open data is
/// available has one; any other is "not found".
func publicOutputRoutes(_ app: Application) {
    app.get("register", "outputs", ":output") { req async throws -> Response in
        do {
            let (d, result, project) = try await req.publishedOutput()
            let id = try req.parameters.require("output")
            var body = HTML.summary([("Kind", d.kind), ("Population (rounded)", String(result.population))])
            body += OutputRendering.figures(result)
            if let boundaries = try await Project.find(project, on: req.db)?.boundaries, let map = SVGMap.forOutput(result, boundaries: boundaries) {
                body += map
            }
            let links = [HTML.link("CSV", API.openOutputCSV.target([id])), HTML.link("JSON", API.openOutputJSON.target([id]))]
                + (result.table == nil ? [] : [HTML.link("GeoJSON with the areas' boundaries", API.openOutputGeoJSON.target([id]))])
            body += "<h2>Open data</h2><p>" + links.joined(separator: " · ") + "</p><p>\(HTML.link("Back to the register", "/register"))</p>"
            return WebContext.html(HTML.page(title: d.title, body: body))
        } catch let e as any AbortError {
            return WebContext.html(HTML.page(title: "Not found", body: HTML.errors([e.reason]) + "<p>\(HTML.link("The register", "/register"))</p>"), status: e.status)
        }
    }
}
