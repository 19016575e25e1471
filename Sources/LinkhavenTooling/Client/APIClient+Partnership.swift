import Crypto
import Foundation
import LinkhavenServer
import LinkhavenCore
import Vapor

extension APIClient {
    /// Signs in with the password and the TOTP code for this client's clock.
    public func signIn(_ c: Accounts.Credentials, password: String? = nil) async throws -> APIReply {
        let code = TOTP.code(secret: TOTP.decodeBase32(c.totpSecret)!, time: Int64(now().timeIntervalSince1970))
        return try await reply(API.signIn, body: SignIn(email: c.email, password: password ?? c.initialPassword, code: code), token: nil)
    }

    /// A session token for the user, signing in as `signIn` does.
    public func token(_ c: Accounts.Credentials, password: String? = nil) async throws -> String {
        let reply = try await signIn(c, password: password)
        guard reply.status == .created, let session = try? reply.json(SessionOut.self) else {
            throw APIClientError("sign-in for \(c.email) failed: \(reply.error)", status: reply.status)
        }
        return session.token
    }

    /// Signs a new user in for the first time; if the platform requires it, changes their initial
    /// password (to a new random one, kept in `c`) as the user would, and signs in again.
    public func firstSignIn(_ c: inout Accounts.Credentials) async throws -> String {
        let first = try await signIn(c)
        guard first.status == .created, let s = try? first.json(SessionOut.self) else {
            throw APIClientError("sign-in for \(c.email) failed: \(first.error)", status: first.status)
        }
        guard s.passwordChangeRequired else { return s.token }
        let chosen = Accounts.randomPassword() + "-Lh1"
        _ = try await call(API.changePassword, body: PasswordChange(currentPassword: c.initialPassword, newPassword: chosen), token: s.token)
        c.initialPassword = chosen
        return try await token(c)
    }

    /// Registers an organisation (as the operator) with one signed-in user per role; returns its id, the
    /// users' credentials and their session tokens. E-mails are `<role>@<ico in lower case>.test`.
    public func organisation(_ name: String, ico: String, roles: [Role], operatorToken: String,
                             trainingDate: Date = Date(timeIntervalSince1970: 1_788_220_800)) async throws -> DemoOrganisation {   // 2026-09-01
        let created = try await call(API.registerOrganisation, body: OrganisationIn(name: name, address: "Essex", icoReference: ico), token: operatorToken)
        var org = DemoOrganisation(id: created.id.uuidString, name: name)
        for role in roles {
            let user = UserIn(email: "\(role.rawValue)@\(ico.lowercased()).test", name: role.rawValue, role: role, trainingDate: trainingDate)
            var credentials = try await call(API.addUser, org.id, body: user, token: operatorToken)
            org.tokens[role] = try await firstSignIn(&credentials)
            org.credentials[role] = credentials
        }
        return org
    }

    /// The body announcing an upload of `bytes` made with `manifest` (`POST /api/v1/uploads`).
    public static func announcement(project: String, bytes: Data, manifest: PseudonymisationManifest, gzip: Bool = false) throws -> UploadIn {
        guard let id = UUID(uuidString: project) else { throw APIClientError("the project id '\(project)' is not a UUID") }
        return UploadIn(project: id, manifest: manifest, size: bytes.count, sha256: Hex.encode(SHA256.hash(data: bytes)), encoding: gzip ? "gzip" : "identity")
    }

    /// Uploads `bytes` with an upload API token, in `parts`, completes, and waits for the outcome
    /// (accepted, rejected or quarantined). `onPart` sees each part's round-trip time.
    /// `patience` bounds the wait for validation (polled every `poll`); `onChecked` sees how long it took.
    public func upload(project: String, token: String, bytes: Data, manifest: PseudonymisationManifest, gzip: Bool = false,
                       parts: Int = 2, onPart: @Sendable (Duration) -> Void = { _ in }, poll: Duration = .milliseconds(20),
                       patience: Duration = .seconds(60), onChecked: @Sendable (Duration) -> Void = { _ in }) async throws -> UploadOut {
        var u = try await call(API.createUpload, body: try Self.announcement(project: project, bytes: bytes, manifest: manifest, gzip: gzip), token: token)
        if u.status == .receiving {
            let step = max(1, bytes.count / max(1, parts) + 1)
            for start in stride(from: u.received, to: bytes.count, by: step) {
                let clock = ContinuousClock(), began = clock.now
                let sent = try await call(.PUT, API.uploadContent.relativeTarget([u.id.uuidString]), token: token,
                                          bytes: bytes.subdata(in: start..<min(bytes.count, start + step)),
                                          headers: [("Upload-Offset", String(start))])
                onPart(clock.now - began)
                guard sent.status == .ok else { throw APIClientError("part at \(start) of upload \(u.id): \(sent.error)", status: sent.status) }
            }
            u = try await call(API.completeUpload, u.id.uuidString, token: token)
        }
        let clock = ContinuousClock(), completed = clock.now
        while u.status == .validating, clock.now - completed < patience {
            try await Task.sleep(for: poll)
            u = try await call(API.upload, u.id.uuidString, token: token)
        }
        onChecked(clock.now - completed)
        return u
    }
}

/// An organisation the script registered: its id, and per role the user's credentials and session token.
public struct DemoOrganisation: Sendable {
    public var id: String
    public var name: String
    public var credentials: [Role: Accounts.Credentials] = [:]
    public var tokens: [Role: String] = [:]

    /// Its id as the contract's bodies carry it.
    public func uuid() throws -> UUID {
        guard let u = UUID(uuidString: id) else { throw APIClientError("the organisation id '\(id)' is not a UUID") }
        return u
    }
}
