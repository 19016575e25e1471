import Fluent
import Foundation
import Vapor

extension ProjectGovernance {
    /// Why `action` on `datasets` of `project` may not go ahead at `now` (the suspending organisation's
    /// name looked up), or `nil` if it may.
    static func refusal(on db: any Database, project: UUID, _ action: GovernedAction, datasets: Set<String>? = nil,
                        now: Date) async throws -> AgreementRefusal? {
        guard var refusal = try await load(on: db, project: project, now: now).decide(action, datasets: datasets) else { return nil }
        if let by = refusal.by { refusal.byName = try await Organisation.find(by, on: db)?.name }
        return refusal
    }
}

extension Request {
    /// Asks the policy whether `action` on `datasets` (all of the project's when `nil`) may go ahead
    /// now; a refusal is audited and thrown as a 409 that names the agreement and what would allow it.
    func govern(_ action: GovernedAction, project: UUID, datasets: Set<String>? = nil, actor: String, organisation: String?) async throws {
        guard let refusal = try await ProjectGovernance.refusal(on: db, project: project, action, datasets: datasets, now: now) else { return }
        try await platform.audit.record(on: db, at: now, actor: actor, organisation: organisation, action: "policy.\(action.rawValue)",
                                        object: "project/\(project)", outcome: "refused: \(refusal.agreementStatus.rawValue)")
        throw refusal
    }

    /// `govern` for a signed-in caller.
    func govern(_ action: GovernedAction, project: UUID, datasets: Set<String>? = nil, _ c: Caller) async throws {
        try await govern(action, project: project, datasets: datasets, actor: c.actor, organisation: c.organisation)
    }
}
