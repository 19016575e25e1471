import Foundation
import LinkhavenCore
import Vapor

/// A partnership's page: its members, who is joining and who left, the declaration version by version
/// with who signed it and who has not, the admissions under way; and the forms for the roles that act
/// (a signatory signs, decides admissions, leaves; an admin or signatory proposes an organisation or
/// revises the declaration).
func webPartnershipDetailRoutes(_ app: Application) {
    app.page(.GET, "app", "partnerships", ":id") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let p = try await web.call(API.partnership, id.uuidString)
        func name(_ o: UUID) -> String { p.names[o.uuidString] ?? o.uuidString }
        let org = web.me.organisationID ?? UUID(), member = p.members.contains(org), signatory = web.me.role == .signatory
        let current = p.versions.last
        var body = web.notice + HTML.summary([
            ("Members", p.members.map(name).joined(separator: ", ")),
            ("Joining (to sign the declaration)", p.joining.isEmpty ? "none" : p.joining.map(name).joined(separator: ", ")),
            ("Former members", p.former.isEmpty ? "none" : p.former.map(name).joined(separator: ", ")),
            ("Declaration in force", p.inForceVersion == 0 ? "none yet: not every member has signed" : "version \(p.inForceVersion)"),
            ("Admission of new members", current.map { $0.admission == .unanimous ? "every member's signatory accepts" : "more than half of the members' signatories accept" } ?? ""),
        ])
        if let v = current {
            body += "<h2>Declaration, version \(v.version)</h2><p>\(HTML.esc(v.text))</p>"
            body += HTML.table(caption: "Signatures of version \(v.version)", headers: ["Organisation", "Signed by", "Role", "When"],
                               rows: v.signatures.map { [.text(name($0.organisation)), .text($0.name), .text($0.role), .text(HTML.date($0.signedAt))] })
            body += "<p id=\"unsigned\">" + (v.unsigned.isEmpty ? "Every organisation it names has signed." : "Not yet signed by: " + HTML.esc(v.unsigned.map(name).joined(separator: ", ")) + ".") + "</p>"
            if signatory, v.unsigned.contains(org) {
                body += HTML.button("Sign declaration version \(v.version) for \(name(org))", action: "/app/partnerships/\(id)/sign", csrf: web.csrf, id: "sign-declaration")
            }
        }
        let open = p.changes.filter { $0.kind == .join && $0.status == .proposed }
        body += HTML.table(caption: "Membership changes", headers: ["Organisation", "Change", "Proposed by", "When", "Why", "Where it is"],
                           rows: p.changes.reversed().map { c in
                               [.text(name(c.organisation)), .text(c.kind == .join ? "joining" : "leaving"), .text(name(c.proposedBy)), .text(HTML.date(c.proposedAt)),
                                .text(c.reason), .text(c.status == .proposed ? "proposed: \(c.acceptedBy.count) of \(c.needed) accepted" + (c.refusedBy.isEmpty ? "" : ", \(c.refusedBy.count) refused")
                                                       : c.status.rawValue + (c.datasetsDestroyed.isEmpty ? "" : "; destroyed: " + c.datasetsDestroyed.joined(separator: ", "))
                                                       + (c.datasetsKept.isEmpty ? "" : "; kept to retention: " + c.datasetsKept.joined(separator: ", ")))]
                           })
        if signatory, member {
            for c in open where !(c.acceptedBy + c.refusedBy).contains(org) {
                body += """
                    <h3>Admit \(HTML.esc(name(c.organisation)))?</h3><p>\(HTML.esc(c.reason))</p>
                    <form method="post" action="/app/partnerships/\(id)/admissions/\(c.id)"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
                    <label for="note-\(c.id)">Note (optional)</label><input type="text" id="note-\(c.id)" name="note">
                    <button class="button" name="accept" value="yes" id="accept-\(c.id)">Accept for \(HTML.esc(name(org)))</button>
                    <button class="button warning" name="accept" value="no" id="refuse-\(c.id)">Refuse</button></form>
                    """
            }
        }
        body += HTML.table(caption: "Declaration versions", headers: ["Version", "Why", "Members", "Made", "Signed"],
                           rows: p.versions.reversed().map { v in
                               [.text(String(v.version) + (v.inForce ? " (in force)" : "")), .text(v.reason), .text(String(v.members.count)), .text(HTML.date(v.createdAt)),
                                .text("\(v.signatures.count) of \(v.members.count)")]
                           }, numeric: [2])
        if member, [.orgAdmin, .signatory].contains(web.me.role) { body += WebForms.partnershipChanges(id: id, csrf: web.csrf, signatory: signatory) }
        return web.page(p.name, body)
    }

    app.page(.POST, "app", "partnerships", ":id", "sign") { web in
        let id = try web.req.parameters.require("id", as: UUID.self).uuidString
        return try await web.act(API.signDeclaration, id, back: "/app/partnerships/\(id)", notice: "declaration")
    }
    app.page(.POST, "app", "partnerships", ":id", "admissions") { web in
        let id = try web.req.parameters.require("id", as: UUID.self).uuidString
        return try await web.act(API.proposeAdmission, id, body: AdmissionIn(icoReference: web.field("ico"), reason: web.field("reason")),
                                 back: "/app/partnerships/\(id)", notice: "proposed")
    }
    app.page(.POST, "app", "partnerships", ":id", "admissions", ":change") { web in
        let id = try web.req.parameters.require("id", as: UUID.self).uuidString, change = try web.req.parameters.require("change", as: UUID.self).uuidString
        let note = web.field("note")
        return try await web.act(API.decideAdmission, id, change, body: AdmissionDecisionIn(accept: web.field("accept") == "yes", note: note.isEmpty ? nil : note),
                                 back: "/app/partnerships/\(id)", notice: "decided")
    }
    app.page(.POST, "app", "partnerships", ":id", "declaration") { web in
        let id = try web.req.parameters.require("id", as: UUID.self).uuidString
        return try await web.act(API.reviseDeclaration, id, body: DeclarationIn(text: web.field("text"), admission: AdmissionRule(rawValue: web.field("admission")) ?? .unanimous),
                                 back: "/app/partnerships/\(id)", notice: "updated")
    }
    app.page(.POST, "app", "partnerships", ":id", "leave") { web in
        let id = try web.req.parameters.require("id", as: UUID.self).uuidString
        return try await web.act(API.leavePartnership, id, body: StatusChangeIn(reason: web.field("reason")), back: "/app/partnerships", notice: "left")
    }
}

extension WebForms {
    /// Proposing an organisation, revising the declaration and (for a signatory) leaving.
    static func partnershipChanges(id: UUID, csrf: String, signatory: Bool) -> String {
        var html = """
            <h2>Propose an organisation to join</h2><p>It must be registered on the platform; name it by its ICO registration number.</p>
            <form method="post" action="/app/partnerships/\(id)/admissions"><input type="hidden" name="csrf" value="\(HTML.esc(csrf))">
            <label for="admit-ico">ICO registration number</label><input type="text" id="admit-ico" name="ico">
            <label for="admit-reason">Why it should join</label><textarea id="admit-reason" name="reason"></textarea>
            <button class="button" id="propose-admission">Propose it to the members</button></form>
            <h2>Revise the declaration</h2><p>A new version, which every member's signatory signs again.</p>
            <form method="post" action="/app/partnerships/\(id)/declaration"><input type="hidden" name="csrf" value="\(HTML.esc(csrf))">
            <label for="declaration-text">Text</label><textarea id="declaration-text" name="text"></textarea>
            <label for="declaration-admission">New members are admitted when</label><select id="declaration-admission" name="admission">
            <option value="unanimous">every member's signatory accepts</option><option value="majority">more than half of them accept</option></select>
            <button class="button" id="revise-declaration">Make a new version</button></form>
            """
        if signatory {
            html += """
                <h2>Leave the partnership</h2><p>Your organisation's users lose access to its projects at once. Your datasets are kept to their
                retention date, or destroyed now where the agreement says so; outputs made from them still need your approval.</p>
                <form method="post" action="/app/partnerships/\(id)/leave"><input type="hidden" name="csrf" value="\(HTML.esc(csrf))">
                <label for="leave-reason">Why your organisation leaves (every member is told)</label><textarea id="leave-reason" name="reason"></textarea>
                <button class="button warning" id="leave-partnership">Leave the partnership</button></form>
                """
        }
        return html
    }
}
