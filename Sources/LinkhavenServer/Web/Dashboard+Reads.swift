import Fluent
import Foundation
import SQLKit
import Vapor

extension Dashboard {
    /// An open quality issue on one of the caller's organisation's datasets.
    struct OpenIssue: Sendable { var dataset: UUID; var name: String; var project: UUID; var description: String }

    /// An output put forward for release, with the decisions made on it so far.
    struct RequestedOutput: Sendable {
        var id: UUID, project: UUID, author: UUID, title: String, owners: Set<UUID>
        var decisions: [ReleaseDecision]
    }

    /// The open quality issues on the caller's organisation's datasets in the projects, by dataset name, oldest
    /// first (one statement: the dashboard reads these on every view).
    static func openIssues(_ req: Request, _ c: Caller, projects ids: [UUID]) async throws -> [OpenIssue] {
        guard let org = c.organisationID, !ids.isEmpty else { return [] }
        return try await req.db.rows("""
            SELECT d.id AS dataset, d.name AS name, d.project_id AS project, q.description AS description
            FROM datasets d JOIN quality_issues q ON q.dataset_id = d.id
            WHERE d.provider = \(bind: org) AND d.project_id IN (\(binds: ids)) AND q.status = \(bind: QualityIssueStatus.open.rawValue)
            ORDER BY d.name, d.id, q.created_at, q.id
            """).map {
            OpenIssue(dataset: try $0.decode(column: "dataset", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                      project: try $0.decode(column: "project", as: UUID.self), description: try $0.decode(column: "description", as: String.self))
        }
    }

    /// The projects' outputs put forward for release, newest first, with the decisions made on them: only the
    /// columns the dashboard shows (an output's result, which may be large, is not read).
    static func requestedOutputs(_ req: Request, projects ids: [UUID]) async throws -> [RequestedOutput] {
        guard !ids.isEmpty else { return [] }
        var outputs = try await req.db.rows("""
            SELECT id, project_id, author, definition, owners FROM analysis_outputs
            WHERE project_id IN (\(binds: ids)) AND status = \(bind: OutputStatus.requested.rawValue)
            ORDER BY created_at DESC, id
            """).map {
            RequestedOutput(id: try $0.decode(column: "id", as: UUID.self), project: try $0.decode(column: "project_id", as: UUID.self),
                            author: try $0.decode(column: "author", as: UUID.self),
                            title: AnalysisOutput.title(definition: try $0.decode(column: "definition", as: String.self)),
                            owners: Set(UUIDList.parse(try $0.decode(column: "owners", as: String.self))), decisions: [])
        }
        guard !outputs.isEmpty else { return [] }
        let decisions = Dictionary(grouping: try await ReleaseDecision.query(on: req.db).filter(\.$outputID ~~ outputs.map(\.id)).all(), by: \.outputID)
        for i in outputs.indices { outputs[i].decisions = decisions[outputs[i].id] ?? [] }
        return outputs
    }
}
