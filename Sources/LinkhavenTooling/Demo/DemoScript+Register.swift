import Foundation
import LinkhavenServer

extension DemoScript {
    /// The county's admin proposes what the register says of the project; every party's signatory
    /// approves it. Returns how many approved.
    func publishSummary(_ p: DemoPartnership, joined: [DemoOrganisation]) async throws -> Int {
        var out = try await client.call(API.proposePublication, p.project, body: PublicationIn(
            summary: "Councils, the police, a university and a recovery charity in Basildon look together, without seeing who anyone is, "
                + "at which families could have been offered help earlier, before their children start school.",
            contact: "Information governance, Essex County Council"), token: p.county.tokens[.orgAdmin]!)
        let parties = out.awaiting.count
        for o in [p.county, p.borough, p.police, p.university] + joined {
            out = try await client.call(API.approvePublication, p.project, token: o.tokens[.signatory]!)
        }
        guard out.awaiting.isEmpty, !out.summary.isEmpty else { throw APIClientError("the register's summary was not approved by every party") }
        return parties
    }
}
