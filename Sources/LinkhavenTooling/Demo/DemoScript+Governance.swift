import Foundation
import LinkhavenServer
import Vapor

extension DemoScript {
    /// The agreement holds on every action: the county suspends it with a reason, a linkage run, an
    /// analysis and a release request are refused with that reason, and its signatory resumes it.
    /// Returns how many actions were refused and the refusal the analyst saw.
    func suspendAndResume(_ p: DemoPartnership) async throws -> (refused: Int, said: String) {
        let admin = p.county.tokens[.orgAdmin]!, analyst = p.county.tokens[.analyst]!
        guard let agreement = try await client.call(API.projectAgreements, p.project, token: admin).first?.id.uuidString else {
            throw APIClientError("the demo project has no agreement")
        }
        _ = try await client.call(API.suspendAgreement, agreement, body: StatusChangeIn(reason: "a partner reported a possible breach (demo)"), token: admin)
        let children = Condition(variable: "in:school_readiness", op: "=", value: "Y")
        let attempts = [
            try await client.reply(API.startRun, p.project, body: NoBody(), token: analyst),
            try await client.reply(API.runAnalysis, p.project, body: AnalysisIn(definition: AnalysisDefinition(kind: "cohort", title: "Children", population: [children])),
                                   token: analyst),
        ]
        let refused = attempts.filter { $0.status == .conflict && $0.error.contains("SUSPENDED") }
        _ = try await client.call(API.resumeAgreement, agreement, body: StatusChangeIn(reason: "investigated: no breach (demo)"), token: p.county.tokens[.signatory]!)
        return (refused.count, refused.first?.error ?? "")
    }
}

extension DemoScript {
    /// The lockout holds under a storm: fifty simultaneous sign-ins with wrong passwords for the
    /// university's analyst; the platform checks at most five, locks the account, and the
    /// university's admin restores it with a reason. Returns how the fifty were answered.
    func signInStorm(_ p: DemoPartnership) async throws -> (unauthorized: Int, locked: Int) {
        guard let analyst = p.university.credentials[.analyst] else { throw APIClientError("the demo university has no analyst") }
        let client = client
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for i in 0..<50 {
                group.addTask { try await client.reply(API.signIn, body: SignIn(email: analyst.email, password: "guess \(i)", code: "000000"), token: nil).status }
            }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
        _ = try await client.call(API.reactivateUser, p.university.id, analyst.id.uuidString,
                                  body: StatusChangeIn(reason: "the demo's sign-in storm; the analyst confirmed it was not them (demo)"), token: p.university.tokens[.orgAdmin]!)
        return (statuses.filter { $0 == .unauthorized }.count, statuses.filter { $0 == .locked }.count)
    }
}
