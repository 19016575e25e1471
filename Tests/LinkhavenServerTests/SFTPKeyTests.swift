import Fluent
import Foundation
import LinkhavenAPI
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The SFTP drop-box's keys, registered by each organisation's admin: checked, kept without their comment, one
/// organisation's only, revocable, audited; shown as fingerprints.
@Suite("SFTP drop-box keys (in-process HTTP)")
struct SFTPKeyTests {
    @Test func anAdminRegistersAndRevokesItsOrganisationsKeys() async throws {
        try await Harness.run { h in
            let op = try await h.token(try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator"))
            let county = try await h.client.organisation("Essex County Council", ico: "Z6034810", roles: [.orgAdmin, .provider], operatorToken: op)
            let police = try await h.client.organisation("Essex Police", ico: "Z4883472", roles: [.orgAdmin], operatorToken: op)
            let dir = h.scratch + "/keys"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
            p.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", "nightly extract job", "-f", dir + "/job"]
            try p.run(); p.waitUntilExit()
            let line = try String(contentsOfFile: dir + "/job.pub", encoding: .utf8)
            let path = "api/v1/organisations/\(county.id)/sftp-keys"

            #expect(try await h.call(.POST, path, token: county.tokens[.provider]!, json: ["name": "job", "publicKey": line]).status == .forbidden)
            let weak = try await h.call(.POST, path, token: county.tokens[.orgAdmin]!, json: ["name": "job", "publicKey": "ssh-dss AAAA"])
            #expect(weak.status == .unprocessableEntity && weak.error.contains("not accepted"), "\(weak.error)")
            let added = try await h.client.call(API.addSFTPKey, county.id, body: SFTPKeyIn(name: "Nightly extract job", publicKey: line), token: county.tokens[.orgAdmin]!)
            #expect(added.fingerprint.hasPrefix("SHA256:") && added.type == "ssh-ed25519" && added.revokedAt == nil)
            let stored = try #require(try await SFTPKey.query(on: h.app.db).first())
            #expect(!stored.publicKey.contains("nightly"), "the comment is not kept")
            let again = try await h.call(.POST, "api/v1/organisations/\(police.id)/sftp-keys", token: police.tokens[.orgAdmin]!, json: ["name": "x", "publicKey": line])
            #expect(again.status == .conflict, "one key, one organisation")
            let account = try await h.client.call(API.sftpAccount, county.id, token: county.tokens[.orgAdmin]!)
            #expect(account.account == "lh-z6034810" && account.keys.map(\.fingerprint) == [added.fingerprint])
            #expect(try await h.call(.GET, "api/v1/organisations/\(county.id)/sftp-keys", token: police.tokens[.orgAdmin]!).status == .notFound,
                    "another organisation's admin is told no more than that there is none for them")
            #expect(try await h.call(.GET, "api/v1/organisations/\(UUID())/sftp-keys", token: police.tokens[.orgAdmin]!).error
                    == (try await h.call(.GET, "api/v1/organisations/\(county.id)/sftp-keys", token: police.tokens[.orgAdmin]!).error))
            #expect(try await SFTPKey.authorizedKeys(account: "lh-z6034810", on: h.app.db) == [stored.publicKey], "what sshd is given for the account")
            #expect(try await SFTPKey.authorizedKeys(account: "lh-z4883472", on: h.app.db).isEmpty)
            #expect(try await SFTPKey.authorizedKeys(account: "root", on: h.app.db).isEmpty)
            let revoked = try await h.client.call(API.revokeSFTPKey, county.id, added.id.uuidString, token: county.tokens[.orgAdmin]!)
            #expect(revoked.revokedAt != nil)
            #expect(try await SFTPKey.authorizedKeys(account: "lh-z6034810", on: h.app.db).isEmpty, "a revoked key opens nothing from the next connection")
            #expect(try await h.call(.POST, "\(path)/\(added.id)/revoke", token: county.tokens[.orgAdmin]!).status == .conflict)
            for action in ["sftp.key.add", "sftp.key.revoke"] {
                #expect(try await AuditEventModel.query(on: h.app.db).filter(\.$action == action).filter(\.$outcome == "success").count() == 1, "\(action)")
            }
        }
    }
}
