import Foundation
import LinkhavenCore

/// The public catalogue in the W3C Data Catalog Vocabulary (DCAT, as data.gov.uk and the EU portals use),
/// written as JSON-LD with its context inline (no fetch needed to read it). Built from the public register
/// only, so it can hold nothing the register does not: each shared dataset is a `dcat:Dataset` with its
/// holder, description, coverage, period, frequency and fields (CSVW columns with their definitions and
/// categories), access non-public and no distribution; each published output is a `dcat:Dataset` with its
/// CSV, JSON and GeoJSON distributions, access public.
enum DCATCatalogue {
    static let context: [String: String] = [
        "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
        "xsd": "http://www.w3.org/2001/XMLSchema#", "csvw": "http://www.w3.org/ns/csvw#", "skos": "http://www.w3.org/2004/02/skos/core#",
        "lh": "https://linkhaven.example/vocab#",
    ]
    static let accessRights = "http://publications.europa.eu/resource/authority/access-right/"

    static func jsonLD(_ register: PublicRegister, base: String) throws -> String {
        var datasets: [[String: Any]] = []
        for partnership in register.partnerships {
            for project in partnership.projects {
                let landing = base + "/register#project-\(project.id.uuidString.lowercased())"
                for s in project.sharing { datasets.append(shared(s, project: project, partnership: partnership.name, landing: landing, base: base)) }
                for o in project.outputs { datasets.append(output(o, project: project, partnership: partnership.name, base: base)) }
            }
        }
        let catalogue: [String: Any] = [
            "@context": context, "@id": base + API.publicCatalogue.target([]), "@type": "dcat:Catalog",
            "dct:title": "Linkhaven transparency register: data catalogue",
            "dct:description": "The datasets partners share under signed information sharing agreements (described, never downloadable) "
                + "and the disclosure-checked outputs they publish as open data.",
            "dct:modified": dateTime(register.lastChanged), "foaf:homepage": ["@id": base + "/register"], "dcat:dataset": datasets,
        ]
        let data = try JSONSerialization.data(withJSONObject: catalogue, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A dataset a partner shares: described, not distributed.
    private static func shared(_ s: RegisterSharing, project: RegisterProject, partnership: String, landing: String, base: String) -> [String: Any] {
        var d: [String: Any] = [
            "@id": landing.replacingOccurrences(of: "#project-", with: "#dataset-") + "-" + s.dataset, "@type": "dcat:Dataset",
            "dct:identifier": s.dataset, "dct:title": "\(s.dataset) (\(s.organisation))",
            "dct:description": s.description ?? "Shared by \(s.organisation) under '\(project.agreement.title)'; its holder has not described it yet.",
            "dct:publisher": ["@type": "foaf:Organization", "foaf:name": s.organisation],
            "dct:accessRights": ["@id": accessRights + "NON_PUBLIC"], "dcat:landingPage": ["@id": landing],
            "dcat:keyword": [project.name, partnership], "dct:isPartOf": ["@id": landing],
            "csvw:tableSchema": ["@type": "csvw:Schema", "csvw:column": s.fields.map { f -> [String: Any] in
                var c: [String: Any] = ["@type": "csvw:Column", "csvw:name": f.name, "lh:category": f.category.rawValue]
                if let definition = f.definition { c["dct:description"] = definition }
                return c
            }],
        ]
        if let area = s.coverageArea { d["dct:spatial"] = ["@type": "dct:Location", "skos:prefLabel": area] }
        if s.periodStart != nil || s.periodEnd != nil {
            var period: [String: Any] = ["@type": "dct:PeriodOfTime"]
            if let start = s.periodStart { period["dcat:startDate"] = ["@value": start, "@type": "xsd:date"] }
            if let end = s.periodEnd { period["dcat:endDate"] = ["@value": end, "@type": "xsd:date"] }
            d["dct:temporal"] = period
        }
        if let f = s.updateFrequency { d["dct:accrualPeriodicity"] = ["@id": f.vocabularyURI] }
        if !s.boundaries.isEmpty { d["lh:mappableTo"] = s.boundaries }
        return d
    }

    /// A published output: open data in three formats.
    private static func output(_ o: RegisterOutput, project: RegisterProject, partnership: String, base: String) -> [String: Any] {
        var formats = [("CSV", o.csv, "text/csv"), ("JSON", o.json, "application/json")]
        if let geo = o.geojson { formats.append(("GeoJSON", geo, "application/geo+json")) }
        var d: [String: Any] = [
            "@id": base + "/register/outputs/\(o.id.uuidString.lowercased())", "@type": "dcat:Dataset",
            "dct:identifier": o.id.uuidString.lowercased(), "dct:title": o.title,
            "dct:description": "A disclosure-checked \(o.kind) from the project '\(project.name)', published by the partnership \(partnership).",
            "dct:publisher": ["@type": "foaf:Organization", "foaf:name": partnership],
            "dct:accessRights": ["@id": accessRights + "PUBLIC"], "dcat:landingPage": ["@id": base + "/register/outputs/\(o.id.uuidString.lowercased())"],
            "dcat:keyword": [project.name, partnership],
            "dcat:distribution": formats.map { name, path, type -> [String: Any] in
                ["@type": "dcat:Distribution", "dct:title": "\(o.title) (\(name))", "dcat:downloadURL": ["@id": base + path],
                 "dcat:mediaType": ["@id": "https://www.iana.org/assignments/media-types/" + type], "dct:format": name]
            },
        ]
        if let released = o.releasedAt { d["dct:issued"] = dateTime(released) }
        return d
    }

    private static func dateTime(_ d: Date) -> [String: Any] {
        ["@value": ISO8601DateFormatter().string(from: d), "@type": "xsd:dateTime"]
    }
}
