import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// Reads the transparency register from the database: every partnership; each of its projects with an
/// agreement version every party signed (the last one signed, with the assessment signed with it), what
/// governs now, who shares which datasets (names and categories of fields from the signed document, never
/// a value), its published outputs whose open data is available, and the incidents reported to the ICO.
/// Also the latest change it shows, for Last-Modified.
struct RegisterBuilder {
    let db: any Database
    let now: Date

    func build() async throws -> (PublicRegister, lastModified: Date) {
        let names = Dictionary(try await Organisation.query(on: db).all().map { (try $0.requireID(), $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ id: UUID) -> String { names[id] ?? "an organisation" }
        var last = Date(timeIntervalSince1970: 0)
        func seen(_ d: Date?) { if let d, d > last { last = d } }
        var partnerships: [RegisterPartnership] = []
        for p in try await Partnership.query(on: db).sort(\.$name).all() {
            let id = try p.requireID()
            let detail = try await p.detail(on: db)
            let inForce = detail.versions.first { $0.inForce }
            let signed = inForce?.signatures.map(\.signedAt).max()
            seen(signed)
            var projects: [RegisterProject] = []
            for project in try await Project.query(on: db).filter(\.$partnership.$id == id).sort(\.$name).all() {
                if let shown = try await self.project(project, name: name, seen: seen) { projects.append(shown) }
            }
            partnerships.append(RegisterPartnership(name: p.name, members: p.memberIDs.map(name).sorted(), declarationVersion: inForce?.version ?? 0,
                                                    declarationDate: signed, projects: projects))
        }
        return (PublicRegister(lastChanged: last, partnerships: partnerships), last)
    }

    /// The project as the register shows it, or nil while no agreement of it has a version every party signed.
    private func project(_ p: Project, name: (UUID) -> String, seen: (Date?) -> Void) async throws -> RegisterProject? {
        let id = try p.requireID()
        let agreements = try await Agreement.query(on: db).filter(\.$project.$id == id).all()
        guard !agreements.isEmpty else { return nil }
        let records = try await AgreementVersionRecord.query(on: db).filter(\.$agreementID ~~ agreements.map { try $0.requireID() }).all()
        guard let record = records.max(by: { $0.approvedAt < $1.approvedAt }), let a = agreements.first(where: { $0.id == record.agreementID }),
              let signedDoc = try? JSONDecoder().decode(AgreementDocument.self, from: Data(record.document.utf8)) else { return nil }
        seen(record.approvedAt); seen(a.statusSince)
        let governing = a.decodedDocument.map { a.governingStatus(document: $0, at: now) } ?? .none
        let assessment = record.decodedAssessment
        let benefit = (assessment?.benefitItems ?? []).map { "\($0.who): \($0.how)" }
        // Categories from the registered linkage spec (how each field is treated at source), else the agreement's matching identifiers.
        let spec = try? p.registeredSpec()
        let sharing = signedDoc.datasets.map { d in
            let identifiers = Set(d.matchingIdentifiers)
            var roles: [String: ColumnRole] = [:]
            for c in spec?.datasets.first(where: { $0.name == d.name })?.columns ?? [] { roles[c.fieldName] = c.role; roles[c.outputName] = c.role }
            func category(_ field: String) -> FieldCategory {
                switch roles[field] {
                case .identifier: .identifier
                case .quasiIdentifier: .quasiIdentifier
                case .attribute, .drop: .attribute
                case nil: identifiers.contains(field) ? .identifier : .attribute
                }
            }
            let fields = d.fields.map { RegisterSharing.Field(name: $0, category: category($0)) }
                + d.matchingIdentifiers.filter { !d.fields.contains($0) }.map { RegisterSharing.Field(name: $0, category: .identifier) }
            return RegisterSharing(organisation: UUID(uuidString: d.provider).map(name) ?? "an organisation", dataset: d.name, fields: fields)
        }
        // Published outputs, where their open data is available now (APPROVED, or a publication clause that keeps them).
        var outputs: [RegisterOutput] = []
        if governing == .approved || signedDoc.publishedOutputsStayAvailable == true {
            for o in try await AnalysisOutput.query(on: db).filter(\.$projectID == id).filter(\.$status == .published).sort(\.$createdAt).all() {
                let oid = try o.requireID()
                let definition = try? JSONDecoder().decode(AnalysisDefinition.self, from: Data(o.definition.utf8))
                let table = (try? JSONDecoder().decode(AnalysisResult.self, from: Data(o.result.utf8)))?.table != nil
                seen(o.releasedAt)
                outputs.append(RegisterOutput(id: oid, title: definition?.title ?? "", kind: definition?.kind ?? "", releasedAt: o.releasedAt,
                                              csv: API.openOutputCSV.target([oid.uuidString]), json: API.openOutputJSON.target([oid.uuidString]),
                                              geojson: table ? API.openOutputGeoJSON.target([oid.uuidString]) : nil))
            }
        }
        // Incidents the controller decided to report to the ICO: kind, discovery, status.
        var incidents: [RegisterIncident] = []
        // (`reportedToRegulator` holds the controller's latest decision.)
        for i in try await Incident.query(on: db).filter(\.$projectID == id).filter(\.$reportedToRegulator == true).sort(\.$createdAt).all() {
            seen(i.closedAt ?? i.createdAt)
            incidents.append(RegisterIncident(kind: i.kind, discoveredAt: i.discoveredAt ?? i.createdAt, status: i.status))
        }
        let agreement = RegisterAgreement(title: signedDoc.title, status: governing, version: record.version, inForceFrom: signedDoc.inForceFrom,
                                          reviewDate: signedDoc.reviewDate, signedBy: UUIDList.parse(record.parties).map { "signatory of " + name($0) }.sorted())
        return RegisterProject(id: id, name: p.name, purpose: p.purpose, publicBenefit: benefit.isEmpty ? [assessment?.benefits ?? ""].filter { !$0.isEmpty } : benefit,
                               legalBasis: signedDoc.legalBasis, agreement: agreement, sharing: sharing, outputs: outputs, incidents: incidents,
                               summary: p.publicSummary.isEmpty ? nil : p.publicSummary, contact: p.publicContact.isEmpty ? nil : p.publicContact)
    }
}

extension PublicRegister {
    /// One line per dataset shared, with its project's agreement and what it published.
    var csv: String {
        var bytes: [UInt8] = []
        CSVWriter.encode(["partnership", "project", "purpose", "agreement", "status", "version", "in_force_from", "review_date", "organisation", "dataset",
                          "identifier_fields", "quasi_identifier_fields", "attribute_fields", "published_outputs", "incidents_reported_to_ico"], into: &bytes)
        for p in partnerships {
            for project in p.projects {
                for s in project.sharing {
                    CSVWriter.encode([p.name, project.name, project.purpose, project.agreement.title, project.agreement.status.rawValue,
                                      String(project.agreement.version), project.agreement.inForceFrom ?? "", project.agreement.reviewDate, s.organisation, s.dataset,
                                      s.fields.filter { $0.category == .identifier }.map(\.name).joined(separator: " "),
                                      s.fields.filter { $0.category == .quasiIdentifier }.map(\.name).joined(separator: " "),
                                      s.fields.filter { $0.category == .attribute }.map(\.name).joined(separator: " "),
                                      String(project.outputs.count), String(project.incidents.count)], into: &bytes)
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
