import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Reads the catalogue entries of a project's signed datasets: holder, the fields with their categories
/// (from the registered linkage spec: how each is treated at source) and the holder's definitions,
/// coverage and frequency, the boundaries its areas map to, and — for members — the latest version's
/// quality summary and its retention date.
struct CatalogueBuilder {
    let db: any Database
    /// Organisation names by id.
    let names: [UUID: String]

    static func make(on db: any Database) async throws -> CatalogueBuilder {
        let names = Dictionary(try await Organisation.query(on: db).all().map { (try $0.requireID(), $0.name) }, uniquingKeysWith: { a, _ in a })
        return CatalogueBuilder(db: db, names: names)
    }

    func name(_ id: UUID) -> String { names[id] ?? "an organisation" }

    /// The datasets the signed document shares, described; with `forMembers`, also each one's latest quality
    /// summary and retention date (the public register leaves them out, so it does not read them).
    func datasets(of p: Project, partnership: String, signed: AgreementDocument, forMembers: Bool = true) async throws -> [CatalogueDataset] {
        let id = try p.requireID()
        let spec = try? p.registeredSpec()
        let entries = Dictionary(try await CatalogueEntry.query(on: db).filter(\.$projectID == id).all().map { ($0.dataset, $0) }, uniquingKeysWith: { a, _ in a })
        let stored = !forMembers ? [:]
            : Dictionary(try await Dataset.query(on: db).filter(\.$projectID == id).all().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let latest = try await latestQuality(Array(stored.values))
        let areas = p.boundaries.isEmpty ? 0 : (SVGMap.areas(p.boundaries)?.count ?? 0)
        return signed.datasets.map { d in
            let entry = entries[d.name], definitions = entry?.definitionsByField ?? [:]
            let columns = spec?.datasets.first { $0.name == d.name }?.columns ?? []
            let fields = Self.categorised(d, columns: columns).map { CatalogueField(name: $0.0, category: $0.1, definition: definitions[$0.0]) }
            let mapped = areas == 0 ? [] : columns.filter { $0.generalise?.to == "lookup" }.map {
                "\($0.outputName): the project's \(areas) small-area boundaries"
            }
            let holder = UUID(uuidString: d.provider)
            let dataset = stored[d.name]
            return CatalogueDataset(project: id, projectName: p.name, partnership: partnership, dataset: d.name, holder: holder.map(name) ?? "an organisation",
                                    holderID: holder, description: entry?.description ?? "", coverageArea: entry?.coverageArea ?? "",
                                    periodStart: entry?.periodStart, periodEnd: entry?.periodEnd, updateFrequency: entry?.updateFrequency, fields: fields,
                                    boundaries: Array(Set(mapped)).sorted(), quality: dataset.flatMap { latest[$0.id ?? UUID()] },
                                    retainUntil: dataset?.status == .active ? dataset?.retainUntil : nil, describedAt: entry?.updatedAt)
        }
    }

    /// Each field of a shared dataset with its category: the spec's role for it (by field or output name; a
    /// column matched on and also generalised, like a postcode, is an identifier), else an identifier when the
    /// agreement names it a matching identifier, else an attribute.
    static func categorised(_ d: AgreementDocument.SharedDataset, columns: [ColumnSpec]) -> [(String, FieldCategory)] {
        let identifiers = Set(d.matchingIdentifiers)
        var categories: [String: FieldCategory] = [:]
        func strength(_ c: FieldCategory) -> Int { c == .identifier ? 2 : c == .quasiIdentifier ? 1 : 0 }
        for c in columns {
            let category: FieldCategory = switch c.role {
            case .identifier: .identifier
            case .quasiIdentifier: .quasiIdentifier
            case .attribute, .drop: .attribute
            }
            for name in Set([c.fieldName, c.outputName]) where strength(category) >= strength(categories[name] ?? .attribute) { categories[name] = category }
        }
        func category(_ field: String) -> FieldCategory { categories[field] ?? (identifiers.contains(field) ? .identifier : .attribute) }
        return d.fields.map { ($0, category($0)) } + d.matchingIdentifiers.filter { !d.fields.contains($0) }.map { ($0, .identifier) }
    }

    /// The current version's quality summary of each dataset, by dataset id.
    private func latestQuality(_ datasets: [Dataset]) async throws -> [UUID: CatalogueQuality] {
        let ids = datasets.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: CatalogueQuality] = [:]
        for v in try await DatasetVersion.query(on: db).filter(\.$datasetID ~~ ids).filter(\.$status == .current).all() {
            guard let r = try? JSONDecoder().decode(DataQualityReport.self, from: Data(v.quality.utf8)) else { continue }
            let least = r.columns.min { $0.completeness < $1.completeness }
            out[v.datasetID] = CatalogueQuality(version: v.number, acceptedAt: v.acceptedAt, rows: v.rows, matchKeyCoverage: r.matchKeyCoverage,
                                                duplicateRecordTokens: r.duplicateRecordTokens, leastComplete: least?.name,
                                                leastCompleteness: least?.completeness, warnings: r.warnings)
        }
        return out
    }
}
