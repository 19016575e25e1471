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
        let catalogue = try await CatalogueBuilder.make(on: db)
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
                if let shown = try await self.project(project, partnership: p.name, catalogue: catalogue, seen: seen) { projects.append(shown) }
            }
            partnerships.append(RegisterPartnership(name: p.name, members: p.memberIDs.map(catalogue.name).sorted(), declarationVersion: inForce?.version ?? 0,
                                                    declarationDate: signed, projects: projects))
        }
        return (PublicRegister(lastChanged: last, partnerships: partnerships), last)
    }

    /// The project as the register shows it, or nil while no agreement of it has a version every party signed.
    private func project(_ p: Project, partnership: String, catalogue: CatalogueBuilder, seen: (Date?) -> Void) async throws -> RegisterProject? {
        let id = try p.requireID()
        guard let signed = try await p.signedAgreement(on: db) else { return nil }
        let a = signed.agreement, record = signed.record, signedDoc = signed.document
        let name = catalogue.name
        seen(record.approvedAt); seen(a.statusSince)
        let governing = a.decodedDocument.map { a.governingStatus(document: $0, at: now) } ?? .none
        let assessment = record.decodedAssessment
        let benefit = (assessment?.benefitItems ?? []).map { "\($0.who): \($0.how)" }
        // Who shares what: the public part of each dataset's catalogue entry.
        let described = try await catalogue.datasets(of: p, partnership: partnership, signed: signedDoc, forMembers: false)
        for d in described { seen(d.describedAt) }
        let sharing = described.map(RegisterSharing.init)
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
