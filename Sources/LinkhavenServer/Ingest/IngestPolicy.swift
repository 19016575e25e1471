import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// What the agreements allow: who provides which dataset, under which approved agreement.
enum IngestPolicy {
    /// The APPROVED agreement of `project` under which `provider` shares `dataset`, with its document.
    static func approvedAgreement(on db: any Database, project: UUID, dataset: String, provider: UUID, now: Date) async throws
        -> (Agreement, AgreementDocument)? {
        for a in try await Agreement.query(on: db).filter(\.$project.$id == project).all() where a.status == AgreementStatus.approved.rawValue {
            guard let doc = try? JSONDecoder().decode(AgreementDocument.self, from: Data(a.document.utf8)),
                  let review = try? DateNormaliser().parse(doc.reviewDate), review.daysSinceEpoch >= Int(now.timeIntervalSince1970 / 86_400) else { continue }
            if doc.datasets.contains(where: { $0.name == dataset && $0.provider == provider.uuidString }) { return (a, doc) }
        }
        return nil
    }

    /// Why `provider` may not upload `dataset` to `project` now, or `nil` if it may.
    static func refusal(on db: any Database, project: UUID, dataset: String, provider: UUID, now: Date) async throws -> (HTTPStatus, String)? {
        if try await approvedAgreement(on: db, project: project, dataset: dataset, provider: provider, now: now) != nil { return nil }
        let agreements = try await Agreement.query(on: db).filter(\.$project.$id == project).all()
        let covering = agreements.filter { a in
            (try? JSONDecoder().decode(AgreementDocument.self, from: Data(a.document.utf8)))?.datasets
                .contains { $0.name == dataset && $0.provider == provider.uuidString } ?? false
        }
        guard let a = covering.first else {
            return (.forbidden, "no agreement of this project has your organisation providing dataset '\(dataset)'")
        }
        return (.conflict, "the agreement covering '\(dataset)' is \(a.status), not APPROVED (or is past its review date); nothing can be uploaded under it")
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
