import Fluent
import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

@Suite("API tokens for the provider tool", .serialized)
struct APITokenTests {
    /// Creating tokens and announcing uploads have allowances per credential: beyond them 429 with Retry-After,
    /// nothing made; another user's allowance is their own; the allowance comes back with time.
    @Test func tokenCreationAndUploadAnnouncementsAreLimitedPerCredential() async throws {
        try await Harness.run(configure: { $0.tokensPerMinute = 3; $0.uploadsPerMinute = 2 }) { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let org = try await h.organisation("Essex Police", ico: "Z4883472", roles: [.provider, .orgAdmin], operatorToken: try await h.token(op))
            let make: [String: Any] = ["name": "job", "actions": ["upload"], "expiresInDays": 30]
            for _ in 0..<3 { #expect(try await h.call(.POST, "api/v1/tokens", token: org.tokens[.provider]!, json: make).status == .created) }
            let refused = try await h.call(.POST, "api/v1/tokens", token: org.tokens[.provider]!, json: make)
            #expect(refused.status == .tooManyRequests && refused.headers.first(name: "Retry-After") != nil && refused.error.contains("new API tokens"))
            #expect(try await APIToken.query(on: h.app.db).count() == 3)
            #expect(try await h.call(.POST, "api/v1/tokens", token: org.tokens[.orgAdmin]!, json: make).status == .created, "another user's allowance is their own")
            h.clock.advance(61)
            #expect(try await h.call(.POST, "api/v1/tokens", token: org.tokens[.provider]!, json: make).status == .created, "it comes back with time")
            // Announcing uploads (refused here for want of a project: the allowance is spent before anything else is looked at).
            // A well-formed announcement (stand-ins from the OpenAPI document's schema), or the strict decoding refuses it first.
            let document = try JSONSerialization.jsonObject(with: try await h.call(.GET, "api/v1/openapi.json").body) as! [String: Any]
            let operation = ((document["paths"] as! [String: Any])["/api/v1/uploads"] as! [String: Any])["post"] as! [String: Any]
            let announce = try #require(CrossOrganisationProbeTests.sampleBody(operation["requestBody"] as! [String: Any], document))
            for _ in 0..<2 {
                let r = try await h.call(.POST, "api/v1/uploads", token: org.tokens[.provider]!, raw: announce)
                #expect(r.status != .tooManyRequests && r.status != .badRequest, "\(r.status) \(r.error)")
            }
            #expect(try await h.call(.POST, "api/v1/uploads", token: org.tokens[.provider]!, raw: announce).status == .tooManyRequests)
        }
    }

    @Test func scopedExpiringHashedRevocable() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let opToken = try await h.token(op)
            var provider: [String] = []
            for (name, ico) in [("Basildon Borough Council", "Z5361180"), ("Essex Police", "Z4883472")] {
                provider.append(try await h.organisation(name, ico: ico, roles: [.provider], operatorToken: opToken).tokens[.provider]!)
            }
            let created = try await h.call(.POST, "api/v1/tokens", token: provider[0], json: ["name": "housing uploads", "dataset": "housing", "actions": ["upload"], "expiresInDays": 30])
            #expect(created.status == .created, "\(created.error)")
            let out = try created.json(TokenOut.self)
            let secret = try #require(out.token)
            #expect(secret.hasPrefix("lht_"))
            #expect(try await APIToken.query(on: h.app.db).all().allSatisfy { $0.tokenHash != secret }, "stored only as a hash")
            #expect(try await h.call(.GET, "api/v1/tokens", token: provider[0]).json([TokenOut].self).allSatisfy { $0.token == nil }, "never listed again")

            #expect(try await h.call(.GET, "api/v1/tokens/self", token: secret).json(TokenOut.self).dataset == "housing")
            #expect(try await h.call(.GET, "api/v1/tokens/self", token: "lht_forged").status == .unauthorized)
            #expect(try await h.call(.DELETE, "api/v1/tokens/\(out.id)", token: provider[1]).status == .notFound, "another organisation cannot touch it")
            #expect(try await h.call(.POST, "api/v1/tokens", token: provider[0], json: ["name": "x", "actions": ["upload"], "expiresInDays": 999]).status == .unprocessableEntity)
            #expect(try await h.call(.POST, "api/v1/tokens", token: provider[0], json: ["name": "x", "actions": ["delete-everything"], "expiresInDays": 1]).status == .badRequest)

            let cohortOnly = try await h.call(.POST, "api/v1/tokens", token: provider[0], json: ["name": "cohort", "actions": ["download-cohort"], "expiresInDays": 1]).json(TokenOut.self)
            #expect(try await h.call(.GET, "api/v1/tokens/self", token: cohortOnly.token!).status == .forbidden, "scoped to its actions")
            h.clock.advance(2 * 86_400)
            let expired = try await h.call(.GET, "api/v1/tokens/self", token: cohortOnly.token!)
            #expect(expired.status == .unauthorized && expired.error.contains("expired"))

            let fresh = try await h.call(.POST, "api/v1/organisations", token: opToken, json: ["name": "n", "address": "x", "icoReference": "Z9"])
            #expect(fresh.status == .unauthorized, "the operator's old session idled out")
            let again = try await h.call(.DELETE, "api/v1/tokens/\(out.id)", token: try await h.relogin("provider@z5361180.test"))
            #expect(again.status == .noContent)
            #expect(try await h.call(.GET, "api/v1/tokens/self", token: secret).status == .unauthorized, "revoked")
        }
    }
}
