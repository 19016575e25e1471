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

extension DemoScript {
    /// What each synthetic dataset is, as its holder would describe it for the catalogue.
    static let descriptions: [String: String] = [
        "housing": "Housing benefit and council tenancy records: tenure, social housing, rent arrears, household size.",
        "social_care": "Children's and adults' social care contacts, referrals and plans.",
        "school_readiness": "Children's readiness for school at the start of reception, as their teachers assess it.",
        "youth_offending": "Young people supervised by the youth offending service: orders and outcomes.",
        "drug_alcohol": "People in drug and alcohol treatment: substance, referral source and treatment outcome.",
        "police": "Police contacts: domestic incidents, whether a child was present, and other calls for service.",
    ]

    /// Each dataset's holder describes it for the catalogue: what it is, the area and period it covers, how often
    /// it is refreshed, and what its fields mean. Returns how many datasets and field definitions were described.
    func describeCatalogue(_ p: DemoPartnership, joined: [DemoOrganisation]) async throws -> (datasets: Int, definitions: Int) {
        let organisations = [p.county, p.borough, p.police, p.university] + joined
        var datasets = 0, definitions = 0
        for entry in try await client.call(API.catalogue, token: p.county.tokens[.analyst]!) {
            guard let holder = organisations.first(where: { $0.id == entry.holderID?.uuidString }),
                  let token = holder.tokens[.provider] ?? holder.tokens[.orgAdmin] else { continue }
            var defined: [String: String] = [:]
            for f in entry.fields {
                switch f.category {
                case .identifier: defined[f.name] = "Used only for matching: pseudonymised at source, never sent in the clear."
                case .quasiIdentifier:
                    defined[f.name] = f.name == "small_area" ? "The lower-layer super output area of the home postcode, looked up at source."
                        : "Generalised at source (a date to its month)."
                case .attribute: break
                }
            }
            let described = try await client.call(API.describeDataset, entry.project.uuidString, entry.dataset, body: CatalogueEntryIn(
                description: Self.descriptions[entry.dataset] ?? "Records of the \(entry.dataset.replacingOccurrences(of: "_", with: " ")) held by \(holder.name).",
                coverageArea: "Basildon borough", periodStart: "2023-04-01", periodEnd: "2026-03-31",
                updateFrequency: entry.dataset == "school_readiness" ? .annually : .monthly, definitions: defined), token: token)
            datasets += 1; definitions += described.fields.filter { $0.definition != nil }.count
        }
        return (datasets, definitions)
    }

    /// The resilience view (001 ¶13): people known to several services by small area, released by two reviewers and
    /// every provider whose data it counts, and published with its map. Returns the output and how many approved as owners.
    func resilienceView(_ p: DemoPartnership, joined: [DemoOrganisation]) async throws -> (OutputOut, owners: Int) {
        let analyst = p.county.tokens[.analyst]!
        let view = try await client.call(API.runAnalysis, p.project, body: AnalysisIn(definition: .resilienceView()), token: analyst)
        let id = view.id.uuidString
        _ = try await client.call(API.requestRelease, id, token: analyst)
        _ = try await client.call(API.reviewOutput, id, body: ReleaseDecisionIn(approve: true, note: "Areas and bands as agreed"), token: p.borough.tokens[.analyst]!)
        _ = try await client.call(API.reviewOutput, id, body: ReleaseDecisionIn(approve: true, note: "No cell below 10"), token: p.county.tokens[.reviewer]!)
        var owners = 0
        for o in [p.county, p.borough, p.police, p.university] + joined where view.ownersPending.contains(where: { $0.uuidString == o.id }) {
            guard let token = o.tokens[.provider] ?? o.tokens[.signatory] else { continue }
            _ = try await client.call(API.approveAsOwner, id, body: ReleaseDecisionIn(approve: true, note: "Approved for publication"), token: token)
            owners += 1
        }
        _ = try await client.call(API.publishOutput, id, token: analyst)
        return (try await client.call(API.output, id, token: analyst), owners)
    }
}
