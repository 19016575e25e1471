import Foundation
import Vapor

/// On a project's page: what the register says of it, the proposal awaiting the parties' signatories,
/// a form for a member organisation's admin to propose new text, and the approval for a signatory.
func publicationSection(_ web: WebContext, project id: UUID) async throws -> String {
    guard let pub = try? await web.call(API.publication, id.uuidString) else { return "" }
    var html = "<h2>On the public register</h2>" + HTML.summary([("Summary", pub.summary.isEmpty ? "none yet" : pub.summary),
                                                                 ("Contact point", pub.contact.isEmpty ? "none yet" : pub.contact)])
    if let proposed = pub.proposedSummary {
        html += "<p id=\"publication-proposed\">Proposed: \(HTML.esc(proposed)) (contact: \(HTML.esc(pub.proposedContact ?? ""))). "
            + "\(pub.approvedBy.count) of \(pub.approvedBy.count + pub.awaiting.count) parties have approved.</p>"
        if web.me.role == .signatory, let org = web.me.organisationID, pub.awaiting.contains(org) {
            html += HTML.button("Approve this text for the register", action: "/app/projects/\(id)/publication/approve", csrf: web.csrf)
        }
    }
    if web.me.role == .orgAdmin {
        html += """
            <form method="post" action="/app/projects/\(id)/publication"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
            <label for="publication-summary">A plain-English summary for the public (no names or other identifiers)</label>
            <textarea id="publication-summary" name="summary"></textarea>
            <label for="publication-contact">Contact point (a role or a shared mailbox)</label><input type="text" id="publication-contact" name="contact">
            <button class="button" id="propose-publication">Propose it to the parties' signatories</button></form>
            """
    }
    return html
}

func webPublicationRoutes(_ app: Application) {
    app.page(.POST, "app", "projects", ":id", "publication") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.proposePublication, id.uuidString, body: PublicationIn(summary: web.field("summary"), contact: web.field("contact")),
                                 back: "/app/projects/\(id)", notice: "updated")
    }
    app.page(.POST, "app", "projects", ":id", "publication", "approve") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.approvePublication, id.uuidString, back: "/app/projects/\(id)", notice: "decided")
    }
}
