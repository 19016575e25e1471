import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// The data catalogue (003 ¶83, ¶131: partners need to know who holds which datasets, with definitions
/// and boundaries). Members of a partnership read every dataset shared in it; each dataset's holder
/// describes its own; the public reads the public part as DCAT at `/api/v1/public/catalogue.jsonld`.
func catalogueRoutes(_ api: any RoutesBuilder) {
    api.on(API.catalogue) { req in
        let c = try await req.caller()
        let out = try await req.catalogue(for: c)
        req.auditRead(c, organisation: c.organisation, action: "catalogue.read", object: "catalogue")
        return out
    }

    api.on(API.describeDataset) { req, input in
        let c = try await req.caller()
        let (p, partnership) = try await req.projectForMember(c)
        let name = try req.parameters.require("dataset")
        guard let signed = try await p.signedAgreement(on: req.db), let shared = signed.document.datasets.first(where: { $0.name == name }) else {
            throw Abort(.notFound, reason: "no dataset '\(name)' is shared under an agreement of this project that every party has signed")
        }
        guard let org = c.organisationID, shared.provider == org.uuidString, [.orgAdmin, .provider].contains(c.role) else {
            throw try await req.deny(c, "catalogue.describe", "only the holder's admin or provider describes its dataset")
        }
        try CatalogueEntry.validate(input, fields: CatalogueBuilder.categorised(shared, columns: []).map(\.0))
        let id = try p.requireID()
        let entry = try await CatalogueEntry.query(on: req.db).filter(\.$projectID == id).filter(\.$dataset == name).first() ?? CatalogueEntry()
        entry.projectID = id; entry.dataset = name; entry.organisation = org
        entry.description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        entry.coverageArea = input.coverageArea.trimmingCharacters(in: .whitespacesAndNewlines)
        entry.periodStart = input.periodStart.flatMap { $0.isEmpty ? nil : $0 }; entry.periodEnd = input.periodEnd.flatMap { $0.isEmpty ? nil : $0 }
        entry.updateFrequency = input.updateFrequency
        let definitions = input.definitions.mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.value.isEmpty }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        entry.definitions = String(decoding: try encoder.encode(definitions), as: UTF8.self)
        entry.updatedBy = c.userID; entry.updatedAt = req.now
        try await entry.save(on: req.db)
        try await req.audit(c, organisation: c.organisation, action: "catalogue.describe", object: "project/\(id)/dataset/\(name)")
        let builder = try await CatalogueBuilder.make(on: req.db)
        return try await builder.datasets(of: p, partnership: partnership.name, signed: signed.document).first { $0.dataset == name }!
    }
}

extension Request {
    /// Every dataset shared in the partnerships the caller's organisation is a member of (the operator: all).
    func catalogue(for c: Caller) async throws -> [CatalogueDataset] {
        let builder = try await CatalogueBuilder.make(on: db)
        var out: [CatalogueDataset] = []
        for partnership in try await Partnership.query(on: db).sort(\.$name).all()
        where c.role == .operator_ || partnership.memberIDs.contains(c.organisationID ?? UUID()) {
            for p in try await Project.query(on: db).filter(\.$partnership.$id == partnership.requireID()).sort(\.$name).all() {
                guard let signed = try await p.signedAgreement(on: db) else { continue }
                out += try await builder.datasets(of: p, partnership: partnership.name, signed: signed.document)
            }
        }
        return out
    }
}

extension CatalogueEntry {
    /// Refuses (422, saying what to change) a description that is missing, too long, dated wrongly,
    /// defines a field the dataset does not share, or looks like it holds an identifier.
    static func validate(_ input: CatalogueEntryIn, fields: [String]) throws {
        var problems: [String] = []
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        let area = input.coverageArea.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(1...2_000).contains(description.count) { problems.append("a description of 1–2,000 characters is required") }
        if !(1...200).contains(area.count) { problems.append("the area covered (1–200 characters) is required") }
        let dates = [("periodStart", input.periodStart), ("periodEnd", input.periodEnd)].compactMap { name, v in v.flatMap { $0.isEmpty ? nil : (name, $0) } }
        for (name, v) in dates where CalendarDate.iso(v) == nil { problems.append("\(name) is a date, YYYY-MM-DD") }
        if let s = input.periodStart.flatMap(CalendarDate.iso), let e = input.periodEnd.flatMap(CalendarDate.iso), e < s {
            problems.append("the period ends before it starts")
        }
        for (field, text) in input.definitions {
            if !fields.contains(field) { problems.append("'\(field)' is not a field of this dataset (its fields: \(fields.joined(separator: ", ")))") }
            if text.count > 500 { problems.append("the definition of '\(field)' is longer than 500 characters") }
        }
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: problems.joined(separator: "; ")) }
        try refuseIdentifiers(([description, area] + input.definitions.values).joined(separator: "\n"))
    }
}
