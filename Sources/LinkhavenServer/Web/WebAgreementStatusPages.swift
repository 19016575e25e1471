import Foundation
import Vapor

/// Suspending and resuming an agreement from its page: the owner's admin or signatory suspends, the
/// owner's signatory resumes; each asks for a reason (every party is told it) and a confirmation.
func agreementStatusForms(_ web: WebContext, _ a: AgreementOut) -> String {
    guard web.me.organisationID == a.owner else { return "" }
    func form(_ action: String, _ heading: String, _ hint: String, _ confirm: String, _ button: String) -> String {
        "<h2>\(HTML.esc(heading))</h2>" + HTML.confirmedForm(action, action: "/app/agreements/\(a.id)/\(action)", csrf: web.csrf, hint: hint,
                                                            confirm: confirm, button: button, warning: true)
    }
    var ending = ""
    if [AgreementStatus.approved, .suspended, .expired].contains(a.status), web.me.role == .signatory {
        ending = form("end", "End the agreement", "Every party is told this reason. The data shared under it is destroyed now, each dataset with a signed certificate.",
                      "I understand that this is for good: the data is destroyed and the agreement cannot be resumed or renewed", "End the agreement")
    }
    if a.status == AgreementStatus.approved, [.orgAdmin, .signatory].contains(web.me.role) {
        return ending + form("suspend", "Suspend the agreement", "Every party is told this reason.",
                    "I understand that nothing will be uploaded, linked, analysed, released or published under it until it is resumed", "Suspend the agreement")
    }
    if a.status == AgreementStatus.suspended, web.me.role == .signatory {
        return ending + form("resume", "Resume the agreement", "Every party is told this reason.", "I confirm, for my organisation, that the agreement can be acted on again",
                    "Resume the agreement")
    }
    return ending
}

/// The agreement's parties, and for the owner's admin or signatory a form to add a member of the
/// partnership that is not yet a party (a new version, which every party signs again).
func agreementPartiesSection(_ web: WebContext, _ a: AgreementOut) async throws -> String {
    let project = try await web.call(API.project, a.project.uuidString)
    let p = try await web.call(API.partnership, project.partnership.uuidString)
    func name(_ o: UUID) -> String { p.names[o.uuidString] ?? o.uuidString }
    var html = "<h2>Parties</h2><p id=\"parties\">" + HTML.esc(a.parties.map(name).sorted().joined(separator: ", ")) + "</p>"
    let candidates = p.members.filter { !a.parties.contains($0) }
    if web.me.organisationID == a.owner, [.orgAdmin, .signatory].contains(web.me.role), ![.expired, .ended].contains(a.status), !candidates.isEmpty {
        html += """
            <form method="post" action="/app/agreements/\(a.id)/parties"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
            <label for="party">Add a member of the partnership as a party (a new version, which every party signs again)</label>
            <select id="party" name="organisation">\(candidates.map { "<option value=\"\($0)\">\(HTML.esc(name($0)))</option>" }.joined())</select>
            <button class="button" id="add-party">Add the party</button></form>
            """
    }
    return html + (try await agreementVersionsSection(web, a, names: p.names))
}

func webAgreementStatusRoutes(_ app: Application) {
    app.page(.POST, "app", "agreements", ":id", "parties") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        guard let org = UUID(uuidString: web.field("organisation")) else { throw WebProblem(status: .unprocessableEntity, reason: "Choose the organisation to add") }
        return try await web.act(API.addAgreementParty, id.uuidString, body: AgreementPartyIn(organisation: org), back: "/app/agreements/\(id)", notice: "party")
    }
    for (action, endpoint, notice) in [("suspend", API.suspendAgreement, "suspended"), ("resume", API.resumeAgreement, "resumed"), ("end", API.endAgreement, "ended")] {
        app.page(.POST, "app", "agreements", ":id", PathComponent(stringLiteral: action)) { web in
            let id = try web.req.parameters.require("id", as: UUID.self)
            try web.requireConfirmation()
            return try await web.act(endpoint, id.uuidString, body: StatusChangeIn(reason: web.field("reason")), back: "/app/agreements/\(id)", notice: notice)
        }
    }
}
