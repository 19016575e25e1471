import Foundation
import LinkhavenServer
import Vapor

extension DemoScript {
    /// The agreement holds on every action: the county suspends it with a reason, a linkage run, an
    /// analysis and a release request are refused with that reason, and its signatory resumes it.
    /// Returns how many actions were refused and the refusal the analyst saw.
    func suspendAndResume(_ p: DemoPartnership) async throws -> (refused: Int, said: String) {
        struct Listed: Decodable { var id: UUID }
        let admin = p.county.tokens[.orgAdmin]!, analyst = p.county.tokens[.analyst]!
        guard let agreement = try await client.expect([Listed].self, .GET, "api/v1/projects/\(p.project)/agreements", token: admin).first?.id else {
            throw APIClientError("the demo project has no agreement")
        }
        let path = "api/v1/agreements/\(agreement)"
        try await client.require(.POST, path + "/suspend", token: admin, json: ["reason": "a partner reported a possible breach (demo)"])
        let children: [String: Any] = ["variable": "in:school_readiness", "op": "=", "value": "Y"]
        let attempts = [
            try await client.call(.POST, "api/v1/projects/\(p.project)/runs", token: analyst),
            try await client.call(.POST, "api/v1/projects/\(p.project)/analyses", token: analyst,
                                  json: ["definition": ["kind": "cohort", "title": "Children", "population": [children]]]),
        ]
        let refused = attempts.filter { $0.status == .conflict && $0.error.contains("SUSPENDED") }
        try await client.require(.POST, path + "/resume", token: p.county.tokens[.signatory]!, json: ["reason": "investigated: no breach (demo)"])
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
                group.addTask { try await client.call(.POST, "api/v1/sessions", json: ["email": analyst.email, "password": "guess \(i)", "code": "000000"]).status }
            }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
        try await client.require(.POST, "api/v1/organisations/\(p.university.id)/users/\(analyst.id)/reactivate", token: p.university.tokens[.orgAdmin]!,
                                 json: ["reason": "the demo's sign-in storm; the analyst confirmed it was not them (demo)"])
        return (statuses.filter { $0 == .unauthorized }.count, statuses.filter { $0 == .locked }.count)
    }
}
