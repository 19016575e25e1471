import Fluent
import Foundation
import LinkhavenCore
import Vapor

extension Incident {
    /// A new incident from `input`, checked against the project: its datasets and outputs must be the
    /// project's, the organisations its partnership's members. The affected organisations are the
    /// recorder's, the datasets' providers, the outputs' owners and those named; the controller (who
    /// decides on reporting) is the first dataset's provider, or the recorder.
    static func recorded(_ input: IncidentIn, by c: Caller, organisation org: UUID, project p: Project, on db: any Database,
                         now: Date) async throws -> Incident {
        let projectID = try p.requireID()
        let description = try incidentText(input.description, "what happened")
        guard (1...5).contains(input.severity), (1...5).contains(input.likelihood) else {
            throw Abort(.unprocessableEntity, reason: "severity and likelihood of harm are each 1 (lowest) to 5 (highest)")
        }
        guard input.discoveredAt <= now.addingTimeInterval(300), input.discoveredAt > now.addingTimeInterval(-3 * 365 * 86_400) else {
            throw Abort(.unprocessableEntity, reason: "when it was discovered: not in the future, and within the last three years")
        }
        guard input.datasets.count <= 50, input.outputs.count <= 50, input.organisations.count <= 50 else {
            throw Abort(.unprocessableEntity, reason: "up to 50 datasets, outputs and organisations")
        }
        let datasets = try await Dataset.query(on: db).filter(\.$projectID == projectID).all()
        let providers = Dictionary(datasets.map { ($0.name, $0.provider) }, uniquingKeysWith: { a, _ in a })
        let names = Array(NSOrderedSet(array: input.datasets)) as? [String] ?? input.datasets
        if let unknown = names.first(where: { providers[$0] == nil }) {
            throw Abort(.unprocessableEntity, reason: "the project has no dataset '\(unknown.prefix(60))'")
        }
        let outputs = input.outputs.isEmpty ? [] : try await AnalysisOutput.query(on: db).filter(\.$id ~~ input.outputs).filter(\.$projectID == projectID).all()
        guard outputs.count == Set(input.outputs).count else { throw Abort(.unprocessableEntity, reason: "an output named is not one of the project's") }
        let members = p.partnership.memberIDs
        guard input.organisations.allSatisfy(members.contains) else {
            throw Abort(.unprocessableEntity, reason: "an organisation named is not a member of the partnership")
        }
        var affected = [org]
        for o in names.compactMap({ providers[$0] }) + outputs.flatMap({ $0.ownerIDs.sorted { $0.uuidString < $1.uuidString } }) + input.organisations
            where !affected.contains(o) { affected.append(o) }

        let i = Incident()
        i.id = UUID(); i.organisation = org; i.projectID = projectID; i.kind = input.kind; i.description = description
        i.dataset = names.first ?? ""; i.datasets = encode(names); i.outputs = encode(outputs.compactMap(\.id)); i.affected = encode(affected)
        i.controller = names.first.flatMap { providers[$0] } ?? org
        i.severity = input.severity; i.likelihood = input.likelihood; i.discoveredAt = input.discoveredAt; i.recordedBy = c.userID
        i.uploadID = noUpload; i.findings = "[]"; i.status = .open; i.cause = ""; i.lessons = ""; i.reportedToRegulator = false
        i.regulatorReference = ""; i.createdAt = now
        try await i.save(on: db)
        return i
    }
}
