import Foundation
import LinkhavenCore
import Vapor

/// The audit log: filter by action and outcome, the chain's verification, and export.
func webAuditRoutes(_ app: Application) {
    app.page(.GET, "app", "audit") { web in
        let export: AuditExport
        do { export = try await web.call(API.auditExport) } catch let refused as any AbortError {
            return web.page("Audit log", HTML.errors([refused.reason.isEmpty ? "The audit log is for operators, organisation admins and auditors." : refused.reason]))
        }
        let action = (try? web.req.query.get(String.self, at: "action")) ?? "", outcome = (try? web.req.query.get(String.self, at: "outcome")) ?? ""
        let events = export.events.filter { (action.isEmpty || $0.action.hasPrefix(action)) && (outcome.isEmpty || $0.outcome == outcome) }
        var body: String
        switch AuditVerifier.verify(export, trusted: web.req.platform.signingKey.publicKey) {
        case .valid(let n, let checkpoint):
            body = HTML.notice("The chain verifies: \(n) events, each linked to the one before it" + (checkpoint.map { ", signed by the platform up to event \($0)." } ?? "."))
        case .broken(let seq, let reason):
            body = HTML.errors(["The chain does not verify at event \(seq): \(reason)"])
        }
        body += """
            <form method="get" action="/app/audit"><label for="action">Action starts with</label><input type="text" id="action" name="action" value="\(HTML.esc(action))">
            <label for="outcome">Outcome</label><select id="outcome" name="outcome"><option value="">Any</option>\(["success", "denied", "rejected", "failed"].map { "<option\($0 == outcome ? " selected" : "")>\($0)</option>" }.joined())</select>
            <button class="button secondary">Filter</button></form>
            <p>\(HTML.link("Export the whole chain with its signed checkpoint (JSON)", "/app/audit/export"))</p>
            """
        body += HTML.table(caption: "Events, newest first (\(events.count))", headers: ["When", "Who", "Action", "Object", "Outcome"],
                           rows: events.reversed().prefix(300).map { [.text($0.at), .text($0.actor), .text($0.action), .text($0.object), .text($0.outcome)] })
        return web.page("Audit log", body)
    }

    app.page(.GET, "app", "audit", "export") { web in
        let export = try await web.call(API.auditExport)
        return .body(try JSONEncoder.api().encode(export), type: .json, download: "linkhaven-audit.json")
    }
}
