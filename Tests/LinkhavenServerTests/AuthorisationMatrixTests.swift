import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Every endpoint × every role × own and other organisation: each permission and each denial.
@Suite("Authorisation matrix", .serialized)
struct AuthorisationMatrixTests {
    static let roles: [Role] = [.orgAdmin, .signatory, .provider, .analyst, .reviewer, .auditor]

    final class Counter: @unchecked Sendable {
        private var n = 0
        func next() -> Int { n += 1; return n }
    }

    @Test func everyEndpointEveryRoleOwnAndOtherOrganisation() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let opToken = try await h.token(op)
            var orgs: [String] = []
            var tokens: [String: [Role: String]] = [:]
            for (name, ico) in [("Organisation A", "ZA"), ("Organisation B", "ZB"), ("Organisation C", "ZC")] {
                let o = try await h.organisation(name, ico: ico, roles: Self.roles, operatorToken: opToken)
                orgs.append(o.id)
                tokens[o.id] = o.tokens
            }
            let (a, b, c) = (orgs[0], orgs[1], orgs[2])
            // A and B are partners; C is not.
            let pid = try await h.call(.POST, "api/v1/partnerships", token: opToken, json: ["name": "AB", "declaration": "d", "members": [a, b]]).json([String: String].self)["id"]!
            let prj = try await h.call(.POST, "api/v1/partnerships/\(pid)/projects", token: tokens[a]![.orgAdmin]!, json: ["name": "p", "purpose": "q"]).json([String: String].self)["id"]!
            let doc = AgreementTests().document(providers: [a])
            let agreement = try await h.call(.POST, "api/v1/projects/\(prj)/agreements", token: tokens[a]![.orgAdmin]!, json: ["parties": [b], "document": doc]).json(AgreementOut.self)

            // Project roles: A's analyst is a member of the project; other A users are not.
            var ids: [String: [Role: String]] = [:]
            for org in orgs {
                for role in Self.roles {
                    let me = try await h.call(.GET, "api/v1/me", token: tokens[org]![role]!)
                    ids[org, default: [:]][role] = (try JSONSerialization.jsonObject(with: me.body) as! [String: Any])["id"] as? String
                }
            }
            #expect(try await h.call(.GET, "api/v1/projects/\(prj)", token: tokens[a]![.analyst]!).status == .notFound, "not yet a member")
            #expect(try await h.call(.POST, "api/v1/projects/\(prj)/members", token: tokens[a]![.orgAdmin]!, json: ["user": ids[a]![.analyst]!, "role": "analyst"]).status == .created)
            #expect(try await h.call(.POST, "api/v1/projects/\(prj)/members", token: tokens[b]![.orgAdmin]!, json: ["user": ids[a]![.reviewer]!, "role": "reviewer"]).status == .notFound,
                    "an admin adds only their own organisation's users")
            let counter = Counter()
            typealias Call = (String, String) async throws -> Harness.Reply   // (token, caller's own organisation)
            let createOrg: Call = { t, _ in try await h.call(.POST, "api/v1/organisations", token: t, json: ["name": "Org \(counter.next())", "address": "x", "icoReference": "Z\(counter.next())"]) }
            let addOwnUser: Call = { t, own in try await h.call(.POST, "api/v1/organisations/\(own)/users", token: t, json: ["email": "u\(counter.next())@x.test", "name": "U", "role": "analyst", "trainingDate": "2026-09-01T00:00:00Z"]) }
            let addOtherUser: Call = { t, _ in try await h.call(.POST, "api/v1/organisations/\(b)/users", token: t, json: ["email": "u\(counter.next())@b.test", "name": "U", "role": "analyst", "trainingDate": "2026-09-01T00:00:00Z"]) }
            let ownCredential: Call = { t, own in try await h.call(.POST, "api/v1/organisations/\(own)/credentials", token: t, json: ["scheme": "ISO 27001", "reference": "r", "expires": "2027-01-01T00:00:00Z"]) }
            let otherCredential: Call = { t, _ in try await h.call(.POST, "api/v1/organisations/\(b)/credentials", token: t, json: ["scheme": "ISO 27001", "reference": "r", "expires": "2027-01-01T00:00:00Z"]) }
            let partnership: Call = { t, _ in try await h.call(.POST, "api/v1/partnerships", token: t, json: ["name": "P\(counter.next())", "declaration": "d", "members": [a]]) }
            let project: Call = { t, _ in try await h.call(.POST, "api/v1/partnerships/\(pid)/projects", token: t, json: ["name": "p", "purpose": "q"]) }
            let apiToken: Call = { t, _ in try await h.call(.POST, "api/v1/tokens", token: t, json: ["name": "t", "actions": ["upload"], "expiresInDays": 1]) }
            let auditExport: Call = { t, _ in try await h.call(.GET, "api/v1/audit/export", token: t) }
            let readAgreement: Call = { t, _ in try await h.call(.GET, "api/v1/agreements/\(agreement.id)", token: t) }
            let editAgreement: Call = { t, _ in try await h.call(.PUT, "api/v1/agreements/\(agreement.id)", token: t, json: doc) }
            let readProject: Call = { t, _ in try await h.call(.GET, "api/v1/projects/\(prj)", token: t) }
            let writeAssessment: Call = { t, _ in try await h.call(.PUT, "api/v1/projects/\(prj)/assessment", token: t, json: [
                "beneficiaries": "b", "benefits": "b", "risksToIndividuals": "r", "risksToPublic": "r", "risksToServices": "r", "safeguards": "s",
                "legalVulnerabilityAddressed": true, "dataQualityAssessed": true, "accessLimits": "named"]) }
            let addMember: Call = { t, own in try await h.call(.POST, "api/v1/projects/\(prj)/members", token: t, json: ["user": ids[own]![.reviewer]!, "role": "reviewer"]) }
            let me: Call = { t, _ in try await h.call(.GET, "api/v1/me", token: t) }
            let listOrgs: Call = { t, _ in try await h.call(.GET, "api/v1/organisations", token: t) }
            let listPartnerships: Call = { t, _ in try await h.call(.GET, "api/v1/partnerships", token: t) }
            let listTokens: Call = { t, _ in try await h.call(.GET, "api/v1/tokens", token: t) }
            let assurance: Call = { t, _ in try await h.call(.GET, "api/v1/assurance", token: t) }
            let reminders: Call = { t, _ in try await h.call(.GET, "api/v1/agreements/reminders", token: t) }
            let everyone = Set(Self.roles)
            // (endpoint, call, roles allowed in A — a partner and party — and roles allowed in C — an outsider)
            let cases: [(String, Call, Set<Role>, Set<Role>)] = [
                ("create organisation", createOrg, [], []),
                ("add user to own organisation", addOwnUser, [.orgAdmin], [.orgAdmin]),
                ("add user to another organisation", addOtherUser, [], []),
                ("record own credential", ownCredential, [.orgAdmin], [.orgAdmin]),
                ("record another organisation's credential", otherCredential, [], []),
                ("register partnership", partnership, [], []),
                ("create project in a partnership", project, [.orgAdmin, .signatory], []),
                ("create API token", apiToken, [.provider, .orgAdmin], [.provider, .orgAdmin]),
                ("export audit log", auditExport, [.orgAdmin, .auditor], [.orgAdmin, .auditor]),
                ("read an agreement", readAgreement, Set(Self.roles), []),
                ("change an agreement", editAgreement, [.orgAdmin, .signatory], []),
                ("read a project", readProject, [.orgAdmin, .signatory, .analyst], []),
                ("write the assessment", writeAssessment, [.orgAdmin, .signatory], []),
                ("add a project member", addMember, [.orgAdmin], []),
                ("who am I", me, everyone, everyone),
                ("list organisations", listOrgs, everyone, everyone),
                ("list partnerships", listPartnerships, everyone, everyone),
                ("list API tokens", listTokens, everyone, everyone),
                ("partner assurance", assurance, everyone, everyone),
                ("review reminders", reminders, everyone, everyone),
            ]
            // "own": callers in A (party/partner); "other": callers in C (outsider).
            for (name, call, allowedInA, allowedInC) in cases {
                for (org, allowed) in [(a, allowedInA), (c, allowedInC)] {
                    for role in Self.roles {
                        let r = try await call(tokens[org]![role]!, org)
                        let ok = (200..<300).contains(Int(r.status.code))
                        #expect(ok == allowed.contains(role), "\(name): \(role.rawValue) of \(org == a ? "A" : "C") got \(r.status.code) \(r.error)")
                        if !ok { #expect([403, 404].contains(Int(r.status.code)), "\(name): a denial is 403 or 404, not \(r.status.code)") }
                    }
                }
            }
            // The operator administers but cannot read project data.
            let opAgain = try await h.token(op)
            #expect(try await h.call(.GET, "api/v1/agreements/\(agreement.id)", token: opAgain).status == .notFound)
            #expect(try await h.call(.GET, "api/v1/projects/\(prj)", token: opAgain).status == .notFound)
            // No cross-organisation read anywhere: C sees only itself.
            for role in Self.roles {
                let visible = try await h.call(.GET, "api/v1/organisations", token: tokens[c]![role]!).json([[String: String]].self)
                #expect(visible.map { $0["id"]! } == [c])
            }
        }
    }
}
