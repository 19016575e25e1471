import Foundation
import Vapor

extension WebContext {
    /// The banner a project's pages show while its agreement does not allow processing (SUSPENDED,
    /// EXPIRED, NOT YET IN FORCE, or back in DRAFT for a new version): who changed it, when and why.
    /// `inForce` is false then, and pages leave out the actions the agreement refuses.
    func agreementBanner(project: UUID) async throws -> (html: String, inForce: Bool) {
        // An owner asked to approve an output after leaving the project sees no agreement: then no banner.
        guard let agreements = try? await call(API.projectAgreements, project.uuidString) else { return ("", true) }
        // The agreement the policy would follow for the project's data as a whole.
        guard let a = ProjectGovernance.deciding(agreements, status: { $0.governingStatus }),
              a.governingStatus != .approved else { return ("", true) }
        let names = Dictionary((try? await call(API.organisations))?.map { ($0.id, $0.name) } ?? [], uniquingKeysWith: { x, _ in x })
        var text = "Agreement '\(a.document.title)' is \(a.governingStatus.rawValue)"
        if a.governingStatus == .notInForce, let from = a.document.inForceFrom { text += " until \(from)" }
        else if let since = a.statusSince { text += " since \(HTML.date(since))" }
        if a.status == AgreementStatus.suspended, let by = a.statusBy { text += " by \(names[by] ?? "its owner")" }
        if !a.statusReason.isEmpty { text += ". Reason: \(a.statusReason)" }
        text += ". Nothing is uploaded, linked, analysed, released or published under it until "
        text += a.status == AgreementStatus.suspended ? "its owner's signatory resumes it."
            : a.status == AgreementStatus.expired ? "a new version is signed by every party." : "it is approved and in force."
        return ("<div class=\"banner\" id=\"agreement-banner\" role=\"alert\"><strong>\(HTML.esc(a.governingStatus.rawValue))</strong> \(HTML.esc(text)) "
                + HTML.link("Read the agreement", "/app/agreements/\(a.id)") + "</div>", false)
    }
}
