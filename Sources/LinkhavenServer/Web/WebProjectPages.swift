import Foundation
import LinkhavenCore
import Vapor

/// Projects, their agreements (readable, with signing), datasets with quality reports, incidents.
func webProjectRoutes(_ app: Application) {
    app.page(.GET, "app", "projects") { web in
        let projects = try await web.call(API.projects)
        return web.page("Projects", projects.isEmpty ? "<p>You are not in any project yet.</p>" : HTML.table(
            caption: "Projects you can see", headers: ["Project", "Purpose", "Partnership", "Your role"],
            rows: projects.map { [.raw(HTML.link($0.name, "/app/projects/\($0.id)")), .text($0.purpose), .text($0.partnershipName), .text($0.role ?? "governance")] }))
    }

    app.page(.GET, "app", "projects", ":id") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let p = try await web.call(API.project, id.uuidString)
        let agreements = try await web.call(API.projectAgreements, id.uuidString)
        let datasets = try await web.call(API.datasets, id.uuidString)
        let runs = try await web.call(API.runs, id.uuidString)
        let outputs = try await web.call(API.outputs, id.uuidString)
        let (banner, inForce) = try await web.agreementBanner(project: id)
        let analyst = p.members.contains { $0.user == web.me.id && $0.role == "analyst" }
        var body = banner + web.notice + HTML.summary([("Purpose", p.purpose), ("Red lines open", p.openRedLines.isEmpty ? "None" : p.openRedLines.joined(separator: "; "))])
        body += "<p>\(HTML.link("Benefit and risk assessment", "/app/projects/\(id)/assessment")) · \(HTML.link("Record an incident", "/app/projects/\(id)/incidents/new"))</p>"
        body += try await publicationSection(web, project: id)
        body += "<h2>Agreements</h2>" + ([.orgAdmin, .signatory].contains(web.me.role) ? "<p>\(HTML.link("Draft an agreement", "/app/projects/\(id)/agreements/new"))</p>" : "")
        body += HTML.table(caption: "Information sharing agreements", headers: ["Agreement", "Version", "Status", "Signed by"],
            rows: agreements.map { [.raw(HTML.link($0.document.title, "/app/agreements/\($0.id)")), .text(String($0.version)), .raw(HTML.tag($0.governingStatus.rawValue)),
                                   .text("\($0.signedBy.count) of \($0.parties.count) parties")] })
        body += "<h2>Datasets</h2>" + HTML.table(caption: "Datasets and their current versions", headers: ["Dataset", "Status", "Versions", "Keep until"],
            rows: datasets.map { [.raw(HTML.link($0.name, "/app/datasets/\($0.id)")), .raw(HTML.tag($0.status.rawValue)), .text(String($0.versions.count)),
                                 .text(HTML.date($0.retainUntil))] })
        let uploads = try await web.call(API.projectUploads, id.uuidString)
        if !uploads.isEmpty {
            body += "<h2>Your organisation's uploads</h2>" + HTML.table(caption: "Uploads, newest first (sent with the provider tool)", headers: ["Dataset", "Status", "Bytes", "Outcome"],
                rows: uploads.map { u in [.text(u.dataset), .raw(HTML.tag(u.status.rawValue)), .text(String(u.size)),
                    u.incident.map { .raw(HTML.link("breach incident", "/app/incidents/\($0)")) } ?? .text(u.version.map { "version \($0)" } ?? u.problems.map(\.reason).joined(separator: "; "))] },
                numeric: [2])
        }
        body += "<h2>Linkage runs</h2>" + (analyst && inForce ? HTML.button("Start a linkage run", action: "/app/projects/\(id)/runs", csrf: web.csrf) : "")
        if analyst {
            let config = try? await web.call(API.linkConfig, id.uuidString)   // none yet: an empty form
            body += """
                <details><summary>Linkage configuration (optional)</summary><form method="post" action="/app/projects/\(id)/link-config"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
                <p>Without one, each run designs the linkage from the project's spec and the data, and its page shows what it chose and why.</p>
                <label for="config">An expert's configuration (linkhaven-link/1 JSON; see the linkage guide)</label>
                <textarea id="config" name="config" rows="12">\(HTML.esc(config?.text ?? ""))</textarea>
                <button class="button secondary">Save the configuration</button></form>
                """
            if config != nil {
                body += HTML.button("Remove it: design the linkage from the spec", action: "/app/projects/\(id)/link-config/clear", csrf: web.csrf,
                                    secondary: true, id: "clear-link-config")
            }
            body += "</details>"
        }
        body += HTML.table(caption: "Runs, newest first", headers: ["Run", "Status", "Progress", "Stale"],
            rows: runs.map { [.raw(HTML.link(HTML.date($0.createdAt), "/app/runs/\($0.id)")), .raw(HTML.tag($0.status.rawValue)), .text($0.progress), .text($0.stale ? "yes: an input was replaced" : "no")] })
        body += "<h2>Outputs</h2>" + HTML.table(caption: "Analysis outputs", headers: ["Output", "Kind", "Status"],
            rows: outputs.map { [.raw(HTML.link($0.definition.title, "/app/outputs/\($0.id)")), .text($0.definition.kind), .raw(HTML.tag($0.status.rawValue))] })
        if analyst && inForce { body += "<p>\(HTML.link("Run an analysis", "/app/projects/\(id)/analyses/new"))</p>" }
        return web.page(p.name, body)
    }

    app.page(.POST, "app", "projects", ":id", "link-config") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        // Kept as the analyst wrote it; the API checks it (and says on which line it is not valid JSON).
        return try await web.act(API.setLinkConfig, id.uuidString, body: JSONDocument(text: web.field("config")), back: "/app/projects/\(id)", notice: "updated")
    }

    app.page(.POST, "app", "projects", ":id", "link-config", "clear") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.clearLinkConfig, id.uuidString, back: "/app/projects/\(id)", notice: "updated")
    }

    app.page(.POST, "app", "projects", ":id", "runs") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let run = try await web.call(API.startRun, id.uuidString)
        return WebContext.redirect("/app/runs/\(run.id)?notice=run")
    }

    app.page(.GET, "app", "agreements", ":id") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let a = try await web.call(API.agreement, id.uuidString)
        let d = a.document
        let (banner, _) = try await web.agreementBanner(project: a.project)
        var facts = [("Status", a.governingStatus.rawValue), ("Version", String(a.version)), ("Signed by", "\(a.signedBy.count) of \(a.parties.count) parties"),
                     ("In force from", d.inForceFrom ?? "its approval"), ("Review date", d.reviewDate),
                     ("Published outputs while suspended or expired", d.publishedOutputsStayAvailable == true ? "stay available" : "withdrawn")]
        if let since = a.statusSince { facts.append(("Status since", HTML.date(since) + (a.statusReason.isEmpty ? "" : " — " + a.statusReason))) }
        var body = banner + web.notice + HTML.summary(facts)
        body += agreementStatusForms(web, a)
        body += try await agreementPartiesSection(web, a)
        if a.status == .forApproval, web.me.role == .signatory, let org = web.me.organisationID, !a.signedBy.contains(org) {
            body += "<p>By signing you agree, for your organisation, to everything below.</p>" + HTML.button("Sign this agreement", action: "/app/agreements/\(id)/sign", csrf: web.csrf)
        }
        if a.status == .draft, web.me.organisationID == a.owner, [.orgAdmin, .signatory].contains(web.me.role) {
            body += HTML.button("Submit for approval", action: "/app/agreements/\(id)/submit", csrf: web.csrf)
        }
        if ![.expired, .ended].contains(a.status), web.me.organisationID == a.owner, [.orgAdmin, .signatory].contains(web.me.role) {
            body += "<p>\(HTML.link(a.status == .draft ? "Change the draft" : "Change the agreement (a new version, signed again)", "/app/agreements/\(id)/edit"))</p>"
        }
        if a.status == .forApproval, web.me.organisationID == a.owner, [.orgAdmin, .signatory].contains(web.me.role), a.signedBy.count == a.parties.count {
            body += HTML.button("Approve the agreement", action: "/app/agreements/\(id)/approve", csrf: web.csrf)
        }
        let sections: [(String, String)] = [("Purpose", d.purpose), ("Legal basis", d.legalBasis), ("Fair processing", d.fairProcessing),
            ("Publication", d.publication), ("Security", d.security), ("Format and frequency", d.formatAndFrequency),
            ("Retention", retentionText(d.retention)),
            ("Controllers in common", d.controllersInCommon), ("Processor", d.processor), ("Audit rights", d.auditRights), ("Complaints", d.complaints),
            ("Breach procedure", d.breachProcedure), ("Intervention", d.interventionAllowed == true ? "Approved cohorts go back to their providers" : "Not allowed")]
        body += "<h2>The agreement</h2>" + sections.map { "<h3>\(HTML.esc($0.0))</h3><p>\(HTML.esc($0.1))</p>" }.joined()
        body += HTML.table(caption: "Data shared", headers: ["Dataset", "Fields"], rows: d.datasets.map { [.text($0.name), .text($0.fields.joined(separator: ", "))] })
        return web.page(d.title, body)
    }

    for (action, endpoint, notice) in [("sign", API.signAgreement, "signed"), ("submit", API.submitAgreement, "submitted"), ("approve", API.approveAgreement, "approved")] {
        app.page(.POST, "app", "agreements", ":id", PathComponent(stringLiteral: action)) { web in
            let id = try web.req.parameters.require("id", as: UUID.self)
            return try await web.act(endpoint, id.uuidString, back: "/app/agreements/\(id)", notice: notice)
        }
    }
    webDatasetRoutes(app)
}
