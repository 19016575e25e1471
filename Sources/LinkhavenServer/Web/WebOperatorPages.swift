import Foundation
import LinkhavenCore
import Vapor

/// The operator registers organisations and partnerships; an organisation's admin records its
/// assurance credentials; a member admin starts a project; the agreement's owner extends retention.
func webOperatorRoutes(_ app: Application) {
    app.page(.GET, "app", "organisations") { web in
        let orgs = try await web.call(API.organisations)
        var body = web.notice + HTML.table(caption: "Organisations", headers: ["Organisation", "ICO registration"],
                                           rows: orgs.map { [.raw(HTML.link($0.name, "/app/organisations/\($0.id)")), .text($0.icoReference)] })
        if web.me.role == .operator_ {
            body += """
                <h2>Register an organisation</h2><form method="post" action="/app/organisations"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
                <label for="orgName">Name</label><input type="text" id="orgName" name="name">
                <label for="address">Address</label><input type="text" id="address" name="address">
                <label for="icoReference">ICO registration number</label><input type="text" id="icoReference" name="icoReference">
                <label for="contactEmail">Information governance contact e-mail</label><input type="email" id="contactEmail" name="contactEmail">
                <button class="button">Register</button></form>
                <h2>Register a partnership</h2><form method="post" action="/app/partnerships"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
                <label for="partnershipName">Name</label><input type="text" id="partnershipName" name="name">
                <label for="declaration">Declaration of acceptance</label><textarea id="declaration" name="declaration"></textarea>
                <fieldset><legend>Members</legend>\(orgs.map { "<label><input type=\"checkbox\" name=\"members[]\" value=\"\($0.id)\"> \(HTML.esc($0.name))</label>" }.joined())</fieldset>
                <button class="button">Register the partnership</button></form>
                """
        }
        return web.page("Organisations", body)
    }

    app.page(.POST, "app", "organisations") { web in
        try await web.act(API.registerOrganisation, body: OrganisationIn(name: web.field("name"), address: web.field("address"), icoReference: web.field("icoReference"),
                                                                      contactEmail: web.field("contactEmail")), back: "/app/organisations", notice: "updated")
    }

    app.page(.POST, "app", "partnerships") { web in
        let members = ((try? web.req.content.get([String].self, at: "members")) ?? []).compactMap(UUID.init(uuidString:))
        return try await web.act(API.createPartnership, body: PartnershipIn(name: web.field("name"), declaration: web.field("declaration"), members: members, signatories: nil),
                                 back: "/app/partnerships", notice: "updated")
    }

    app.page(.POST, "app", "partnerships", ":id", "projects") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let project = try await web.call(API.createProject, id.uuidString, body: ProjectIn(name: web.field("name"), purpose: web.field("purpose")))
        return WebContext.redirect("/app/projects/\(project.id)?notice=updated")
    }

    app.page(.POST, "app", "organisations", ":org", "credentials") { web in
        let org = try web.req.parameters.require("org", as: UUID.self)
        let expires = try web.dayField("expires", "the expiry date")
        return try await web.act(API.recordCredential, org.uuidString, body: CredentialIn(scheme: web.field("scheme"), reference: web.field("reference"), expires: expires),
                                 back: "/app/organisations/\(org)", notice: "updated")
    }

    app.page(.POST, "app", "datasets", ":id", "extend") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.extendRetention, id.uuidString, body: RetentionExtensionIn(reason: web.field("reason")), back: "/app/datasets/\(id)", notice: "updated")
    }
}

/// Forms shown on other pages: a new project (member admins), a credential (the organisation's admin), a retention extension.
enum WebForms {
    static func newProject(partnership: UUID, csrf: String) -> String {
        """
        <h3>Start a project</h3><form method="post" action="/app/partnerships/\(partnership)/projects"><input type="hidden" name="csrf" value="\(HTML.esc(csrf))">
        <label for="projectName-\(partnership)">Name</label><input type="text" id="projectName-\(partnership)" name="name">
        <label for="purpose-\(partnership)">Purpose</label><textarea id="purpose-\(partnership)" name="purpose"></textarea>
        <button class="button secondary">Start the project</button></form>
        """
    }

    static func credential(org: UUID, csrf: String) -> String {
        """
        <h2>Record an assurance credential</h2><form method="post" action="/app/organisations/\(org)/credentials"><input type="hidden" name="csrf" value="\(HTML.esc(csrf))">
        <label for="scheme">Scheme<span class="hint">e.g. Data Security and Protection Toolkit, Cyber Essentials Plus, ISO 27001</span></label><input type="text" id="scheme" name="scheme">
        <label for="reference">Reference</label><input type="text" id="reference" name="reference">
        <label for="expires">Expires<span class="hint">yyyy-mm-dd</span></label><input type="text" id="expires" name="expires">
        <button class="button secondary">Record the credential</button></form>
        """
    }

    static func extend(dataset: UUID, csrf: String) -> String {
        """
        <h2>Extend retention</h2><form method="post" action="/app/datasets/\(dataset)/extend"><input type="hidden" name="csrf" value="\(HTML.esc(csrf))">
        <label for="reason">Why the data are still needed</label><textarea id="reason" name="reason"></textarea>
        <button class="button secondary">Extend by the agreed period</button></form>
        """
    }
}
