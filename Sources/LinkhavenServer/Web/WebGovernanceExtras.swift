import Foundation
import LinkhavenCore
import Vapor

/// The rest of the governance officers' and providers' jobs: audits of a provider's
/// pseudonymisation (protocol section 8), resolving data quality issues, downloading destruction
/// certificates, and changing an agreement (a new version, signed again).
func webGovernanceExtraRoutes(_ app: Application) {
    app.page(.POST, "app", "datasets", ":id", "audit-requests") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.requestAudit, id.uuidString, body: AuditRequestIn(reason: web.field("reason")), back: "/app/datasets/\(id)", notice: "updated")
    }

    app.page(.POST, "app", "datasets", ":id", "audit-requests", ":request", ":decision") { web in
        let id = try web.req.parameters.require("id", as: UUID.self), request = try web.req.parameters.require("request", as: UUID.self)
        guard web.req.parameters.get("decision") == "approve" else {
            return try await web.act(API.declineAudit, request.uuidString, back: "/app/datasets/\(id)", notice: "decided")
        }
        let approval = AuditApproval(assessmentReference: web.field("assessmentReference"), procedure: web.field("procedure"))
        return try await web.act(API.approveAudit, request.uuidString, body: approval, back: "/app/datasets/\(id)", notice: "decided")
    }

    app.page(.GET, "app", "audit-requests", ":request", "bundle") { web in
        try await web.passThrough(API.auditBundle, try web.req.parameters.require("request", as: UUID.self).uuidString)
    }

    app.page(.POST, "app", "datasets", ":id", "quality-issues", ":issue", "resolve") { web in
        let id = try web.req.parameters.require("id", as: UUID.self), issue = try web.req.parameters.require("issue", as: UUID.self)
        return try await web.act(API.resolveQualityIssue, id.uuidString, issue.uuidString, body: ResolveIn(version: Int(web.field("version")) ?? 0),
                                 back: "/app/datasets/\(id)", notice: "updated")
    }

    app.page(.GET, "app", "datasets", ":id", "certificates", ":n") { web in
        let id = try web.req.parameters.require("id", as: UUID.self), n = try web.req.parameters.require("n", as: Int.self)
        let all = try await web.call(API.certificates, id.uuidString)
        guard all.indices.contains(n) else { throw WebProblem(status: .notFound, reason: "no such certificate") }
        return .body(try JSONEncoder().encode(all[n]), type: .json, download: "destruction-certificate-\(all[n].id).json")
    }

    app.page(.GET, "app", "agreements", ":id", "edit") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let a = try await web.call(API.agreement, id.uuidString)
        return web.page("Change the agreement", "<p>A change to an agreement that has been submitted makes a new version, which every party signs again.</p>"
            + (try await draftForm(web, project: a.project, values: draftValues(a.document), parties: [], errors: [], action: "/app/agreements/\(id)/edit")))
    }

    app.page(.POST, "app", "agreements", ":id", "edit") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let a = try await web.call(API.agreement, id.uuidString)
        guard let doc = agreementDocument(from: web, base: a.document) else { throw WebProblem(status: .unprocessableEntity, reason: DraftField.datasetLine) }
        do {
            _ = try await web.call(API.changeAgreement, id.uuidString, body: doc)
        } catch let refused as any AbortError {
            return web.page("Change the agreement", try await draftForm(web, project: a.project, values: submittedDraft(web), parties: [], errors: [refused.reason],
                                                                        action: "/app/agreements/\(id)/edit"))
        }
        return WebContext.redirect("/app/agreements/\(id)?notice=updated")
    }
}

/// The dataset page's audit and issue sections.
func datasetGovernanceSections(_ web: WebContext, dataset d: DatasetOut, issues: [QualityIssueOut]) async throws -> String {
    let id = d.id
    var body = ""
    let current = d.versions.last { $0.status == .current }
    let provider = d.provider == web.me.organisationID && [.orgAdmin, .signatory, .provider].contains(web.me.role)
    if provider, let current {
        for i in issues where i.status == .open && i.version < current.number {
            body += HTML.button("Mark '\(i.description.prefix(40))' resolved by version \(current.number)", action: "/app/datasets/\(id)/quality-issues/\(i.id)/resolve",
                                csrf: web.csrf, fields: [("version", String(current.number))], secondary: true)
        }
    }
    let audits = try await web.call(API.auditRequests, id.uuidString)
    body += "<h2>Audits of the pseudonymisation</h2>" + HTML.table(caption: "Audit requests (protocol section 8)", headers: ["Version", "Reason", "Status", ""],
        rows: audits.map { a in [.text(String(a.version)), .text(a.reason), .raw(HTML.tag(a.status.rawValue)),
                                 .raw(a.status == .approved && a.requesterOrganisation == web.me.organisationID ? HTML.link("Download the audit pack", "/app/audit-requests/\(a.id)/bundle") : "")] })
    for a in audits where a.status == .requested && d.provider == web.me.organisationID && [.orgAdmin, .signatory].contains(web.me.role) {
        body += """
            <form method="post" action="/app/datasets/\(id)/audit-requests/\(a.id)/approve"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
            <h3>Approve the audit: \(HTML.esc(a.reason))</h3>
            <label for="assessmentReference-\(a.id)">Assessment reference</label><input type="text" id="assessmentReference-\(a.id)" name="assessmentReference">
            <label for="procedure-\(a.id)">The pseudonymisation procedure, as documented</label><textarea id="procedure-\(a.id)" name="procedure"></textarea>
            <button class="button">Approve and release the audit pack</button></form>
            """ + HTML.button("Decline", action: "/app/datasets/\(id)/audit-requests/\(a.id)/decline", csrf: web.csrf, secondary: true)
    }
    if d.provider != web.me.organisationID, [.orgAdmin, .signatory].contains(web.me.role), current != nil {
        body += """
            <form method="post" action="/app/datasets/\(id)/audit-requests"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
            <label for="reason">Ask to audit this pseudonymisation<span class="hint">Why, in a sentence or two</span></label><textarea id="reason" name="reason"></textarea>
            <button class="button secondary">Request an audit</button></form>
            """
    }
    return body
}
