import Foundation
import Vapor

/// On the organisation's page, for its admin: the SFTP drop-box account its scheduled jobs connect as, the public
/// keys registered for it (fingerprints to compare with `ssh-keygen -lf`, revoked ones kept for the record), a
/// button to revoke each, and the form to register another.
func dropBoxSection(_ web: WebContext, org: UUID) async throws -> String {
    let box = try await web.call(API.sftpAccount, org.uuidString)
    let target = web.req.application.platform.config.sftpAddress.map { "\(box.account)@\($0)" } ?? box.account
    var html = "<h2 id=\"sftp\">SFTP drop-box</h2><p>Scheduled jobs deliver pseudonymised files by SFTP as <code>\(HTML.esc(target))</code>, "
        + "signing in with a key registered here (<code>linkhaven upload FILE --sftp \(HTML.esc(target)) --identity KEY</code>); each file's receipt "
        + "appears in <code>/receipts</code>. A revoked key opens nothing from the next connection.</p>"
    html += HTML.table(caption: "Keys of \(box.account)", headers: ["Name", "Type", "Fingerprint", "Added", "State"], rows: box.keys.map { k in
        [.text(k.name), .text(k.type), .raw("<code>\(HTML.esc(k.fingerprint))</code>"), .text(HTML.date(k.addedAt)),
         .raw(k.revokedAt.map { "revoked " + HTML.esc(HTML.date($0)) }
              ?? HTML.button("Revoke", action: "/app/organisations/\(org)/sftp-keys/\(k.id)/revoke", csrf: web.csrf, secondary: true, id: "revoke-\(k.id)"))]
    })
    html += """
        <form method="post" action="/app/organisations/\(org)/sftp-keys"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
        <label for="sftp-name">Whose or which machine's key</label><input type="text" id="sftp-name" name="name">
        <label for="sftp-key">OpenSSH public key<span class="hint">the .pub file's line: Ed25519, ECDSA, or RSA of 3,072 bits or more</span></label>
        <textarea id="sftp-key" name="publicKey" rows="3"></textarea>
        <button class="button" id="add-sftp-key">Register the key</button></form>
        """
    return html
}

func webDropBoxRoutes(_ app: Application) {
    app.page(.POST, "app", "organisations", ":org", "sftp-keys") { web in
        let org = try web.req.parameters.require("org", as: UUID.self)
        return try await web.act(API.addSFTPKey, org.uuidString, body: SFTPKeyIn(name: web.field("name"), publicKey: web.field("publicKey")),
                                 back: "/app/organisations/\(org)#sftp", notice: "key")
    }
    app.page(.POST, "app", "organisations", ":org", "sftp-keys", ":key", "revoke") { web in
        let org = try web.req.parameters.require("org", as: UUID.self), key = try web.req.parameters.require("key", as: UUID.self)
        return try await web.act(API.revokeSFTPKey, org.uuidString, key.uuidString, back: "/app/organisations/\(org)#sftp", notice: "revoked")
    }
}
