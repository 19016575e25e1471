import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// What the agreements allow: who provides which dataset, under which approved agreement.
enum IngestPolicy {
    /// The APPROVED agreement of `project` under which `provider` shares `dataset`, with its document.
    static func approvedAgreement(on db: any Database, project: UUID, dataset: String, provider: UUID, now: Date) async throws
        -> (Agreement, AgreementDocument)? {
        try await ProjectGovernance.load(on: db, project: project, now: now).entries
            .first { $0.status == .approved && $0.document.datasets.contains { $0.name == dataset && $0.provider == provider.uuidString } }
            .map { ($0.agreement, $0.document) }
    }

    /// Whether any agreement of `project`, whatever its status, has `provider` sharing `dataset`.
    static func covers(on db: any Database, project: UUID, dataset: String, provider: UUID) async throws -> Bool {
        try await Agreement.query(on: db).filter(\.$project.$id == project).all()
            .contains { $0.decodedDocument?.datasets.contains { $0.name == dataset && $0.provider == provider.uuidString } ?? false }
    }

    /// Every organisation that is a party to an agreement of the project.
    static func projectOrganisations(on db: any Database, project: UUID) async throws -> [UUID] {
        Array(Set(try await Agreement.query(on: db).filter(\.$project.$id == project).all().flatMap(\.partyIDs))).sorted { $0.uuidString < $1.uuidString }
    }

    /// Problems registering `spec` for a project with these agreements: every dataset must be shared
    /// under an agreement, and every column it sends must be an agreed field.
    static func specProblems(_ spec: LinkageSpec, agreements: [AgreementDocument]) -> [String] {
        var problems: [String] = []
        for d in spec.datasets {
            let agreed = agreements.flatMap(\.datasets).filter { $0.name == d.name }
            guard !agreed.isEmpty else { problems.append("dataset '\(d.name)' is not shared under any agreement of this project"); continue }
            let fields = Set(agreed.flatMap { $0.fields + $0.matchingIdentifiers })
            for c in d.columns where c.role != .drop {
                let name = c.role == .identifier ? c.fieldName : c.outputName
                if !fields.contains(name) && !fields.contains(c.column) { problems.append("dataset '\(d.name)': '\(name)' is not an agreed field") }
            }
        }
        return problems
    }
}
