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
    if a.status == AgreementStatus.approved, [.orgAdmin, .signatory].contains(web.me.role) {
        return form("suspend", "Suspend the agreement", "Every party is told this reason.",
                    "I understand that nothing will be uploaded, linked, analysed, released or published under it until it is resumed", "Suspend the agreement")
    }
    if a.status == AgreementStatus.suspended, web.me.role == .signatory {
        return form("resume", "Resume the agreement", "Every party is told this reason.", "I confirm, for my organisation, that the agreement can be acted on again",
                    "Resume the agreement")
    }
    return ""
}

func webAgreementStatusRoutes(_ app: Application) {
    for (action, endpoint, notice) in [("suspend", API.suspendAgreement, "suspended"), ("resume", API.resumeAgreement, "resumed")] {
        app.page(.POST, "app", "agreements", ":id", PathComponent(stringLiteral: action)) { web in
            let id = try web.req.parameters.require("id", as: UUID.self)
            try web.requireConfirmation()
            return try await web.act(endpoint, id.uuidString, body: StatusChangeIn(reason: web.field("reason")), back: "/app/agreements/\(id)", notice: notice)
        }
    }
}
