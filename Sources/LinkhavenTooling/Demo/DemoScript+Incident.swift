import Foundation
import LinkhavenCore
import LinkhavenServer

extension DemoScript {
    /// Protocol section 10: the police record an incident affecting the county's school readiness data
    /// and the two other partners; all three are told at once; each partner other than the county
    /// gives its view on reporting to the ICO; the county (the data's provider) decides, within the
    /// 72-hour clock, and closes it with the lessons learned. Returns the summary line.
    func incidentToClosure(_ p: DemoPartnership) async throws -> String {
        guard let project = UUID(uuidString: p.project), let borough = UUID(uuidString: p.borough.id), let university = UUID(uuidString: p.university.id) else {
            throw APIClientError("the demo partnership's ids are not UUIDs")
        }
        let opened = try await client.call(API.recordIncident, body: IncidentIn(
            project: project, kind: .lostDevice, discoveredAt: Date().addingTimeInterval(-2 * 3600),
            description: "An officer's encrypted laptop holding a draft school readiness table was stolen from a car",
            datasets: ["school_readiness"], organisations: [borough, university], severity: 2, likelihood: 2), token: p.police.tokens[.orgAdmin]!)
        var told = 0
        for o in [p.county, p.borough, p.university] {
            if try await client.call(API.notifications, token: o.tokens[.orgAdmin]!).contains(where: { $0.object == "incident/\(opened.id)" }) { told += 1 }
        }
        let id = opened.id.uuidString
        _ = try await client.call(API.addIncidentEntry, id, body: IncidentEntryIn(kind: .containment, text: "The laptop's disk is encrypted; its access was revoked remotely"),
                                  token: p.police.tokens[.orgAdmin]!)
        for o in [p.police, p.borough, p.university] {
            _ = try await client.call(API.giveRegulatorView, id, body: RegulatorViewIn(report: false, reason: "Encrypted device; aggregates only (demo)"),
                                      token: o.tokens[.signatory]!)
        }
        _ = try await client.call(API.decideRegulator, id, body: RegulatorViewIn(report: false, reason: "Encrypted and revoked: no risk to individuals (demo)"),
                                  token: p.county.tokens[.signatory]!)
        let closed = try await client.call(API.updateIncident, id, body: IncidentUpdate(status: .closed, cause: "A device left unattended in a car",
                                                                                       lessons: "Draft outputs stay on the platform"), token: p.county.tokens[.signatory]!)
        let views = closed.timeline.filter { $0.kind == .view }.count
        return "the police recorded a \(opened.kind.label) (severity \(opened.severity), likelihood \(opened.likelihood)); \(told) of 3 partners told at once; "
            + "\(views) views on reporting, then the county decided: \(closed.reportedToRegulator == true ? "reported to the ICO" : "not reported"), "
            + "\(closed.status.rawValue) with the lessons learned"
    }
}
