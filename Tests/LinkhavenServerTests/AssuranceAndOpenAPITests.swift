import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

@Suite("Partner assurance and the API description", .serialized)
struct AssuranceAndOpenAPITests {
    @Test func partnersSeeEachOthersCredentialsWithExpiryFlagged() async throws {
        try await Harness.run { h in
            let op = try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator")
            let opToken = try await h.token(op)
            var orgs: [String] = [], admins: [String] = []
            for (name, ico) in [("Essex County Council", "Z6034810"), ("Essex Police", "Z4883472"), ("Elsewhere Council", "Z0000002")] {
                let o = try await h.organisation(name, ico: ico, roles: [.orgAdmin], operatorToken: opToken)
                orgs.append(o.id); admins.append(o.tokens[.orgAdmin]!)
            }
            try await h.call(.POST, "api/v1/partnerships", token: opToken, json: ["name": "Essex Data", "declaration": "d", "members": [orgs[0], orgs[1]]])
            #expect(try await h.call(.POST, "api/v1/organisations/\(orgs[0])/credentials", token: admins[0],
                                     json: ["scheme": "ISO 27001", "reference": "IS 123", "expires": "2027-01-01T00:00:00Z"]).status == .created)
            #expect(try await h.call(.POST, "api/v1/organisations/\(orgs[1])/credentials", token: admins[1],
                                     json: ["scheme": "Cyber Essentials", "reference": "CE 9", "expires": "2026-01-01T00:00:00Z"]).status == .created)
            #expect(try await h.call(.POST, "api/v1/organisations/\(orgs[2])/credentials", token: admins[2],
                                     json: ["scheme": "DSPT", "reference": "X", "expires": "2027-01-01T00:00:00Z"]).status == .created)
            #expect(try await h.call(.POST, "api/v1/organisations/\(orgs[1])/credentials", token: admins[0],
                                     json: ["scheme": "ISO 27001", "reference": "fake", "expires": "2030-01-01T00:00:00Z"]).status == .notFound,
                    "another organisation's admin, partner or not, is answered as if there were none")
            let seen = try await h.call(.GET, "api/v1/assurance", token: admins[0]).json([CredentialOut].self)
            #expect(Set(seen.map(\.scheme)) == ["ISO 27001", "Cyber Essentials"], "a partner's credentials, not a stranger's")
            #expect(seen.first { $0.scheme == "Cyber Essentials" }?.expired == true)
            #expect(seen.first { $0.scheme == "ISO 27001" }?.expired == false)
            let board = try await h.dashboard(admins[0])
            #expect(board.contains("Cyber Essentials has expired") && !board.contains("DSPT"), "a partner's lapsed credential, not a stranger's")
        }
    }

    @Test func notificationsAreAnOrganisationsOwnNewestFirstWithWhatWasRead() async throws {
        try await Harness.run { h in
            let opToken = try await h.token(try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator"))
            let mine = try await h.organisation("Essex County Council", ico: "Z6034810", roles: [.orgAdmin], operatorToken: opToken)
            let other = try await h.organisation("Essex Police", ico: "Z4883472", roles: [.orgAdmin], operatorToken: opToken)
            let notifier = Notifier(app: h.app), org = try #require(UUID(uuidString: mine.id))
            for n in 1...3 {
                try await notifier.notify([org], kind: "test.\(n)", subject: "message \(n)", object: "project/\(n)")
                h.clock.advance(60)
            }
            let newest = try await h.client.call(API.notifications, query: [("limit", "2")], token: mine.tokens[.orgAdmin]!)
            #expect(newest.map(\.subject) == ["message 3", "message 2"] && newest.allSatisfy { !$0.read }, "the newest two, newest first")
            #expect(try await h.call(.POST, "api/v1/notifications/\(newest[1].id)/read", token: other.tokens[.orgAdmin]!).status == .notFound)
            #expect(try await h.call(.POST, "api/v1/notifications/\(newest[1].id)/read", token: mine.tokens[.orgAdmin]!).status.code < 300)
            let all = try await h.client.call(API.notifications, token: mine.tokens[.orgAdmin]!)
            #expect(all.map(\.subject) == ["message 3", "message 2", "message 1"] && all.map(\.read) == [false, true, false])
            #expect(all.map(\.kind) == ["test.3", "test.2", "test.1"] && all[0].object == "project/3")
            #expect(try await h.client.call(API.notifications, token: other.tokens[.orgAdmin]!).isEmpty, "not another organisation's")
        }
    }

    @Test func everyAPIRouteIsDescribed() async throws {
        try await Harness.run { h in
            let doc = try await h.call(.GET, "api/v1/openapi.json")
            #expect(doc.status == .ok)
            let json = try JSONSerialization.jsonObject(with: doc.body) as! [String: Any]
            #expect(json["openapi"] as? String == "3.1.0")
            let paths = json["paths"] as! [String: [String: Any]]
            var served: Set<String> = []
            for route in h.app.routes.all where ["api", "health", "metrics"].contains(route.path.first?.description) {
                let path = "/" + route.path.map { c -> String in
                    if case .parameter(let name) = c { return "{\(name)}" }
                    return c.description
                }.joined(separator: "/")
                served.insert(route.method.rawValue.lowercased() + " " + path)
                #expect(paths[path]?[route.method.rawValue.lowercased()] != nil, "\(route.method.rawValue) \(path) is not in the OpenAPI document")
            }
            // …and everything described is served; a typed operation declares its reply's schema and its path's parameters.
            for (path, methods) in paths { for method in methods.keys { #expect(served.contains(method + " " + path), "\(method) \(path) is described but not served") } }
            let me = (paths["/api/v1/me"]?["get"] as? [String: Any])?["responses"] as? [String: Any]
            let schema = ((((me?["200"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
            #expect((schema?["required"] as? [String])?.contains("passwordChangeRequired") == true, "GET /api/v1/me's reply schema: \(String(describing: schema))")
            let users = (paths["/api/v1/organisations/{org}/users"]?["get"] as? [String: Any])?["parameters"] as? [[String: Any]]
            #expect(users?.map { $0["name"] as? String } == ["org"], "path parameters are declared")
        }
    }
}

@Suite("The typed contract, end to end")
struct ContractTests {
    @Test func aTypedEndpointIsServedAndCalledByItsContract() async throws {
        try await Harness.run { h in
            let opToken = try await h.token(try await Accounts.createOperator(app: h.app, email: "operator@linkhaven.test", name: "Operator"))
            let me = try await h.client.call(API.me, token: opToken)
            #expect(me.role == .operator_ && !me.passwordChangeRequired)
            let none = try await h.client.call(API.notifications, query: [("limit", "5")], token: opToken)
            #expect(none.isEmpty, "the operator has no organisation's notifications")
            do { _ = try await h.client.call(API.notifications, query: [("limit", "500")], token: opToken); Issue.record("a limit over 200 was accepted") }
            catch let e as APIClientError { #expect(e.status == .badRequest && e.reason.contains("limit")) }
            do { _ = try await h.client.call(API.me, token: "not-a-session"); Issue.record("an unknown session was let in") }
            catch let e as APIClientError { #expect(e.status == .unauthorized) }
        }
    }
}
