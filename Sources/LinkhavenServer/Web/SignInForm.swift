import Crypto
import Foundation
import LinkhavenCore
import Vapor

/// The sign-in form's protection against login CSRF (another site signing a browser in as the attacker, so that
/// what the victim then does lands in the attacker's account). Showing the form sets a random nonce in a cookie of
/// its own (HTTP only, same-site strict, so a cross-site POST arrives without it) and puts a token in the form: an
/// HMAC of the nonce under a key derived from the platform's signing key, so that it cannot be made without the
/// server, even by someone able to plant cookies. A POST is let through only with both, matching.
enum SignInForm {
    /// The nonce's cookie.
    static let cookie = "lh_signin"

    /// The nonce of the form this browser was shown, if its cookie holds one.
    static func nonce(_ req: Request) -> String? {
        guard let n = req.cookies[cookie]?.string, n.utf8.count == 43, Base64URL.decode(n)?.count == 32 else { return nil }
        return n
    }

    /// The form's token for `nonce`.
    static func token(_ req: Request, nonce: String) -> String {
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: req.platform.signingKey.rawRepresentation),
                                         info: Array("linkhaven sign-in form".utf8), outputByteCount: 32)
        return Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(nonce.utf8), using: key)))
    }

    /// The nonce to show the form with: the browser's own if it has one, or a new one (`fresh`: to be set with `value`).
    static func nonce(for req: Request) -> (nonce: String, fresh: Bool) {
        if let known = nonce(req) { return (known, false) }
        return (SymmetricKey(size: .bits256).withUnsafeBytes { Base64URL.encode($0) }, true)
    }

    /// The nonce's cookie: HTTP only, same-site strict, `Secure` as the session's.
    static func value(_ req: Request, nonce: String) -> HTTPCookies.Value {
        HTTPCookies.Value(string: nonce, isSecure: WebContext.isSecure(req), isHTTPOnly: true, sameSite: .strict)
    }

    /// Whether the POST carries the token of the form its browser was shown.
    static func isGenuine(_ req: Request) -> Bool {
        guard let n = nonce(req), let sent = try? req.content.get(String.self, at: "csrf") else { return false }
        return ConstantTime.equal(Array(sent.utf8), Array(token(req, nonce: n).utf8))
    }

    /// The nonce's cookie, ended (after a sign-in: the next form gets a new one).
    static var ended: HTTPCookies.Value { HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), isHTTPOnly: true, sameSite: .strict) }
}
