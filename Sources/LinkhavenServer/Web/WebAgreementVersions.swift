import Foundation
import LinkhavenCore
import Vapor

/// On an agreement's page: what changed since the last version every party signed, side by side
/// (document and assessment, part by part), and, at the review, the owner's record of what came of
/// each benefit that version stated.
func agreementVersionsSection(_ web: WebContext, _ a: AgreementOut, names: [String: String]) async throws -> String {
    let versions = try await web.call(API.agreementVersions, a.id.uuidString)
    func parties(_ ids: [UUID]) -> String { ids.map { names[$0.uuidString] ?? $0.uuidString }.sorted().joined(separator: ", ") }
    var html = ""
    // The version to compare with: the last one signed before this one.
    if let before = versions.last(where: { $0.version < a.version }) {
        let old = agreementLines(before.document, parties: parties(before.parties), before.assessment)
        let new = agreementLines(a.document, parties: parties(a.parties), a.assessment)
        var labels: [String] = []
        for (label, _) in old + new where !labels.contains(label) { labels.append(label) }
        let oldValues = Dictionary(old, uniquingKeysWith: { x, _ in x }), newValues = Dictionary(new, uniquingKeysWith: { x, _ in x })
        let changed = labels.filter { oldValues[$0] != newValues[$0] }
        html += "<h2>What changed since version \(before.version)</h2><p id=\"changes\">" + (changed.isEmpty ? "Nothing: the same text and assessment."
            : "\(changed.count) part\(changed.count == 1 ? "" : "s") changed: " + HTML.esc(changed.joined(separator: ", ")) + ".") + "</p>"
        html += HTML.table(caption: "Version \(before.version) (signed \(HTML.date(before.approvedAt))) and version \(a.version), side by side",
                           headers: ["Part", "Version \(before.version)", "Version \(a.version)", ""],
                           rows: labels.map { l in [.text(l), .text(oldValues[l] ?? "—"), .text(newValues[l] ?? "—"),
                                                    .raw(changed.contains(l) ? HTML.tag("changed") : "")] })
    }
    if let last = versions.last, let assessment = last.assessment {
        let stated = assessment.statedBenefits
        if let realised = last.realisation {
            html += HTML.table(caption: "Benefits realised under version \(last.version) (recorded \(last.realisedAt.map(HTML.date) ?? ""))",
                               headers: ["Benefit stated", "What was achieved", "Met"],
                               rows: realised.map { r in [.text(r.benefit < stated.count ? stated[r.benefit] : ""), .text(r.achieved), .text(r.met ? "yes" : "no")] })
        } else if web.me.organisationID == a.owner, [.orgAdmin, .signatory].contains(web.me.role), last.document.reviewIsDue(at: web.req.now) {
            html += "<h2>Benefits realisation</h2><p>Version \(last.version) reaches its review on \(HTML.esc(last.document.reviewDate)). "
                + "Record what came of each benefit it stated; a renewal is approved only after this.</p>"
                + "<form method=\"post\" action=\"/app/agreements/\(a.id)/realisation\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.esc(web.csrf))\">"
            for (n, s) in stated.enumerated() {
                html += """
                    <label for="achieved-\(n)">Benefit \(n + 1): \(HTML.esc(s)) — what was achieved</label><textarea id="achieved-\(n)" name="achieved[]"></textarea>
                    <label for="met-\(n)">Was it met?</label><select id="met-\(n)" name="met[]"><option value="yes">Yes</option><option value="no">No</option></select>
                    """
            }
            html += "<button class=\"button\" id=\"record-realisation\">Record the benefits realised</button></form>"
        }
    }
    return html
}

/// An agreement version part by part, as labelled lines: the document's sections, the parties, what
/// each provider shares, and the assessment signed with it.
func agreementLines(_ d: AgreementDocument, parties: String, _ a: Assessment?) -> [(String, String)] {
    var lines: [(String, String)] = [("Title", d.title), ("Parties", parties), ("Purpose", d.purpose), ("Legal basis", d.legalBasis),
        ("Fair processing", d.fairProcessing), ("Publication", d.publication), ("Security", d.security), ("Format and frequency", d.formatAndFrequency),
        ("Retention", retentionText(d.retention)),
        ("Controllers in common", d.controllersInCommon), ("Processor", d.processor), ("Audit rights", d.auditRights), ("Complaints", d.complaints),
        ("Breach procedure", d.breachProcedure), ("Review date", d.reviewDate), ("In force from", d.inForceFrom ?? "its approval")]
    for s in d.datasets { lines.append(("Shares '\(s.name)'", s.fields.joined(separator: ", "))) }
    for (label, value) in a?.lines ?? [] { lines.append(("Assessment: " + label, value)) }
    return lines
}

/// The retention clause in words (the agreement page and the side-by-side comparison).
func retentionText(_ r: AgreementDocument.Retention) -> String {
    "\(r.months) months, extendable \(r.extensions) times by \(r.extensionMonths) months" + (r.destroyOnLeaving == true ? "; destroyed when its provider leaves" : "")
}

func webAgreementVersionRoutes(_ app: Application) {
    app.page(.POST, "app", "agreements", ":id", "realisation") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let achieved = (try? web.req.content.get([String].self, at: "achieved")) ?? []
        let met = (try? web.req.content.get([String].self, at: "met")) ?? []
        let benefits = achieved.enumerated().map { n, text in
            BenefitRealisation(benefit: n, achieved: text.trimmingCharacters(in: .whitespacesAndNewlines), met: n < met.count && met[n] == "yes")
        }
        return try await web.act(API.recordRealisation, id.uuidString, body: RealisationIn(benefits: benefits), back: "/app/agreements/\(id)", notice: "updated")
    }
}
