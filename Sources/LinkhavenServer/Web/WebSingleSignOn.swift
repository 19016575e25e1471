import Foundation
import Vapor

/// On the organisation's page, for its admin: the OpenID Connect provider its staff sign in with, the
/// redirect URI to register with it, and the form to set or change it (the secret never shown back).
func singleSignOnSection(_ web: WebContext, org: UUID) async throws -> String {
    let current = try? await web.call(API.identityProvider, org.uuidString)
    var html = "<h2>Single sign-on</h2>"
    if let p = current {
        html += HTML.summary([("Identity provider (issuer)", p.issuer), ("Client id", p.clientID), ("User claim", p.userClaim),
                              ("Its MFA in place of Linkhaven's code", p.mfa == .never ? "never" : p.mfa == .amr ? "when amr says mfa" : "when acr is \(p.acr ?? "")"),
                              ("Redirect URI to register", p.redirectURI)])
    } else {
        html += "<p>Not set up: your staff sign in with their Linkhaven password and authenticator. Register Linkhaven with your identity provider "
            + "(an OpenID Connect client using the Authorization Code flow) with the redirect URI <code>\(HTML.esc(web.req.ssoRedirectURI))</code>, then enter it here.</p>"
    }
    let options = ProviderMFA.allCases.map { m in
        "<option value=\"\(m.rawValue)\"\(current?.mfa == m ? " selected" : "")>\(m == .never ? "Never: always ask for the Linkhaven code" : m == .amr ? "When the token's amr says mfa" : "When the token's acr is the value below")</option>"
    }.joined()
    html += """
        <form method="post" action="/app/organisations/\(org)/identity-provider"><input type="hidden" name="csrf" value="\(HTML.esc(web.csrf))">
        <label for="sso-issuer">Issuer URL</label><input type="text" id="sso-issuer" name="issuer" value="\(HTML.esc(current?.issuer ?? ""))">
        <label for="sso-client">Client id</label><input type="text" id="sso-client" name="clientID" value="\(HTML.esc(current?.clientID ?? ""))">
        <label for="sso-secret">Client secret<span class="hint">\(current == nil ? "required" : "leave empty to keep the one stored")</span></label>
        <input type="password" id="sso-secret" name="clientSecret" autocomplete="off">
        <label for="sso-claim">Claim naming the user (their e-mail address here)</label><input type="text" id="sso-claim" name="userClaim" value="\(HTML.esc(current?.userClaim ?? "email"))">
        <label for="sso-mfa">Accept the provider's MFA</label><select id="sso-mfa" name="mfa">\(options)</select>
        <label for="sso-acr">acr value meaning MFA</label><input type="text" id="sso-acr" name="acr" value="\(HTML.esc(current?.acr ?? ""))">
        <button class="button" id="save-sso">Save single sign-on</button></form>
        """
    return html
}

func webSingleSignOnRoutes(_ app: Application) {
    app.page(.POST, "app", "organisations", ":org", "identity-provider") { web in
        let org = try web.req.parameters.require("org", as: UUID.self)
        let input = IdentityProviderIn(issuer: web.field("issuer"), clientID: web.field("clientID"),
                                       clientSecret: web.field("clientSecret").isEmpty ? nil : web.field("clientSecret"), userClaim: web.field("userClaim"),
                                       mfa: ProviderMFA(rawValue: web.field("mfa")) ?? .never, acr: web.field("acr").isEmpty ? nil : web.field("acr"))
        return try await web.act(API.setIdentityProvider, org.uuidString, body: input, back: "/app/organisations/\(org)", notice: "updated")
    }
}
